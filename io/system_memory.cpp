#include "io/system_memory.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace vgae::io {

namespace {
// The value of a "Key:   1234 kB" line of a /proc file, in bytes.
std::optional<std::uint64_t> ProcKibField(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    std::istringstream fields(line.substr(key.size()));
    std::uint64_t kib = 0;
    if (fields >> kib) return kib * 1024;
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::uint64_t> MemAvailableBytes() { return ProcKibField("/proc/meminfo", "MemAvailable:"); }

std::optional<std::uint64_t> PeakResidentBytes() { return ProcKibField("/proc/self/status", "VmHWM:"); }

std::optional<std::uint64_t> HugePageBytes() { return ProcKibField("/proc/self/smaps_rollup", "AnonHugePages:"); }

bool ResetPeakResident() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

std::uint64_t ParseByteCount(const std::string& flag, const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  std::string unit = text.substr(i);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  int shift = -1;
  if (unit.empty()) shift = 0;
  else if (unit.size() == 1) {
    switch (std::toupper(static_cast<unsigned char>(unit[0]))) {
      case 'K': shift = 10; break;
      case 'M': shift = 20; break;
      case 'G': shift = 30; break;
      case 'T': shift = 40; break;
      default: break;
    }
  }
  if (i == 0 || i > 15 || shift < 0)
    throw ConfigError(detail::Concat(flag, " must be a byte count such as 4096, 512M or 8G, not '", text, "'"));
  return std::stoull(text.substr(0, i)) << shift;
}

}  // namespace vgae::io
