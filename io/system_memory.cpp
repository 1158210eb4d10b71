#include "io/system_memory.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace vgae::io {

std::optional<std::uint64_t> MemAvailableBytes() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemAvailable:", 0) != 0) continue;
    std::istringstream fields(line.substr(13));
    std::uint64_t kib = 0;
    if (fields >> kib) return kib * 1024;
  }
  return std::nullopt;
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
