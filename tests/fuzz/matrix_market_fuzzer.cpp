// libFuzzer target for the Matrix Market parser (io::ParseMatrixMarket, the parser behind
// io::ReadMatrixMarket): any bytes either parse into a valid CSR (sorted unique columns, finite non-zero
// values) or raise IoError. Rows are capped at 2^16 so a tiny size line cannot claim gigabytes of row
// offsets (ReadMatrixMarket turns that allocation failure into an IoError; under ASan it would abort).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/csr.h"
#include "core/error.h"
#include "io/text_formats.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::int64_t kMaxRows = std::int64_t{1} << 16;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto m = vgae::io::ParseMatrixMarket(text, "fuzz.mtx", kMaxRows);
    vgae::core::ValidateCsr(m.View(), "fuzzed Matrix Market");  // InternalError escapes: a finding
    FUZZ_CHECK(m.rows <= kMaxRows && m.cols <= INT32_MAX);
    FUZZ_CHECK(m.values.size() == m.indices.size());
    for (std::int64_t i = 0; i < m.rows; ++i)
      for (auto k = m.indptr[i] + 1; k < m.indptr[i + 1]; ++k) FUZZ_CHECK(m.indices[k - 1] < m.indices[k]);
    for (float v : m.values) FUZZ_CHECK(std::isfinite(v) && v != 0.0f);
  } catch (const vgae::IoError&) {
  }
  return 0;
}
