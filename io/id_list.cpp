#include "io/id_list.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace vgae::io {

std::vector<std::int64_t> ParseIdList(std::string_view text, const std::string& name) {
  std::vector<std::int64_t> ids;
  std::int64_t line_no = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    std::int64_t id = 0;
    const auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), id);
    if (ec != std::errc{} || ptr != line.data() + line.size())
      throw IoError(detail::Concat(name, ":", line_no, ": expected one integer node id, found '", line, "'"));
    ids.push_back(id);
  }
  if (ids.empty()) throw IoError(detail::Concat(name, ": no node ids (one original id per line)"));
  return ids;
}

std::vector<std::int64_t> ReadIdList(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(detail::Concat(path, ": cannot open"));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseIdList(text.str(), path);
}

}  // namespace vgae::io
