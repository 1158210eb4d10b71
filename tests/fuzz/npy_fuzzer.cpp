// libFuzzer target for the .npy feature reader (io::ParseNpy, whose header and conversion code io::ReadNpy
// shares): any bytes either parse into a rows x cols float32 matrix of finite values or raise IoError. The
// shape is capped at 2^20 values so a tiny header cannot claim gigabytes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "io/npy.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::int64_t kMaxValues = std::int64_t{1} << 20;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto m = vgae::io::ParseNpy(bytes, "fuzz.npy", kMaxValues);
    FUZZ_CHECK(m.rows >= 0 && m.cols >= 0 && m.rows * m.cols <= kMaxValues);
    FUZZ_CHECK(static_cast<std::int64_t>(m.values.size()) == m.rows * m.cols);
    for (float v : m.values) FUZZ_CHECK(std::isfinite(v));
  } catch (const vgae::IoError&) {
  }
  return 0;
}
