// libFuzzer target for the edge-list parser (io::ParseEdgeList, the parser behind io::ReadEdgeList): any
// bytes either parse into a list whose invariants hold or raise IoError.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "io/text_formats.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const vgae::io::EdgeList e = vgae::io::ParseEdgeList(text, "fuzz.txt");
    FUZZ_CHECK(e.data_lines > 0);
    FUZZ_CHECK(e.src.size() == e.dst.size());
    FUZZ_CHECK(static_cast<std::int64_t>(e.src.size()) == e.data_lines);
    FUZZ_CHECK(e.data_lines + e.comment_lines <= static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    for (std::size_t k = 0; k < e.src.size(); ++k) {
      FUZZ_CHECK(e.src[k] >= 0 && e.src[k] <= e.max_id);
      FUZZ_CHECK(e.dst[k] >= 0 && e.dst[k] <= e.max_id);
    }
  } catch (const vgae::IoError&) {
  }
  return 0;
}
