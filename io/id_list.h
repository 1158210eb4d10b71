// A list of node ids in a text file (`vgae_dist predict --nodes FILE`): one original id per line; blank lines
// and lines starting with '#' are skipped, surrounding whitespace and CRLF line ends are accepted. Errors are
// IoErrors naming "path:line" and what was found.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vgae::io {

std::vector<std::int64_t> ReadIdList(const std::string& path);
std::vector<std::int64_t> ParseIdList(std::string_view text, const std::string& name);

}  // namespace vgae::io
