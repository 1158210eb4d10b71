// The fast path reads ids digit by digit (at most 19 digits, then checked against 2^63-1) and accepts a line
// only when it is exactly "blanks? u blanks v blanks? \r? \n". Any other line goes to the general path, which
// splits on spaces, tabs and '\r' and reproduces every verdict and message of the token-based parser.
#include "io/edge_text.h"

#include <charconv>
#include <cstring>
#include <limits>

#include "core/error.h"

namespace vgae::io {
namespace {

constexpr std::size_t kMaxQuoted = 40;  // longest token echoed back in an error message

std::string Quote(std::string_view token) {
  if (token.size() > kMaxQuoted) return detail::Concat("'", token.substr(0, kMaxQuoted), "...'");
  return detail::Concat("'", token, "'");
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Digits of a non-negative id up to a delimiter; nullptr when the token is anything else.
inline const char* FastId(const char* p, const char* end, GlobalId& out) {
  const char* s = p;
  std::uint64_t v = 0;
  while (p < end) {
    const unsigned d = static_cast<unsigned char>(*p) - '0';
    if (d > 9) break;
    v = v * 10 + d;
    ++p;
  }
  if (p == s || p - s > 19 || v > static_cast<std::uint64_t>(std::numeric_limits<GlobalId>::max())) return nullptr;
  out = static_cast<GlobalId>(v);
  return p;
}

// The general path: one line (without '\n'). Returns an error message, or "" with u and v set.
std::string GeneralLine(std::string_view line, GlobalId& u, GlobalId& v) {
  std::string_view tok[3];
  int count = 0;
  for (std::size_t i = 0; i < line.size();) {
    while (i < line.size() && IsBlank(line[i])) ++i;
    if (i == line.size()) break;
    const std::size_t s = i;
    while (i < line.size() && !IsBlank(line[i])) ++i;
    if (count < 3) tok[count] = line.substr(s, i - s);
    ++count;
  }
  if (count != 2) {
    std::string_view shown = line;
    if (!shown.empty() && shown.back() == '\r') shown.remove_suffix(1);
    return detail::Concat("expected two node ids 'u v', found ", count, count == 1 ? " token " : " tokens ",
                          Quote(shown));
  }
  GlobalId* out[2] = {&u, &v};
  for (int k = 0; k < 2; ++k) {
    const std::string_view t = tok[k];
    std::int64_t x = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), x);
    if (ec == std::errc::result_out_of_range)
      return detail::Concat("node id ", Quote(t), " does not fit in a signed 64-bit integer");
    if (ec != std::errc() || end != t.data() + t.size())
      return detail::Concat("expected an integer node id, found ", Quote(t));
    if (x < 0 || t[0] == '-')
      return detail::Concat("expected a non-negative node id, found negative id ", Quote(t));
    *out[k] = x;
  }
  return "";
}

}  // namespace

std::optional<EdgeTextError> ParseEdgeText(std::string_view text, core::EdgePairs& out, EdgeTextStats& stats) {
  const char* p = text.data();
  const char* const end = p + text.size();
  std::int64_t line_no = 0;
  while (p < end) {
    const char* const line = p;
    ++line_no;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) ++p;
    if (p == end) break;
    if (*p == '\n') {
      ++p;
      continue;
    }
    if (*p == '#' || *p == '%') {
      ++stats.comment_lines;
      const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      p = nl ? static_cast<const char*>(nl) + 1 : end;
      continue;
    }
    GlobalId u = 0, v = 0;
    const char* q = FastId(p, end, u);
    if (q != nullptr && q < end && (*q == ' ' || *q == '\t')) {
      while (q < end && (*q == ' ' || *q == '\t')) ++q;
      q = FastId(q, end, v);
      if (q != nullptr) {
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) ++q;
        if (q == end || *q == '\n') {
          p = q == end ? end : q + 1;
          out.Push(u, v);
          ++stats.data_lines;
          continue;
        }
      }
    }
    // General path over the whole line.
    const void* nl = std::memchr(line, '\n', static_cast<std::size_t>(end - line));
    const char* eol = nl ? static_cast<const char*>(nl) : end;
    const std::string what = GeneralLine(std::string_view(line, static_cast<std::size_t>(eol - line)), u, v);
    if (!what.empty()) {
      stats.lines += line_no;
      return EdgeTextError{line_no, what};
    }
    out.Push(u, v);
    ++stats.data_lines;
    p = nl ? eol + 1 : end;
  }
  stats.lines += line_no;
  return std::nullopt;
}

void ThrowEdgeError(const std::string& path, std::int64_t line, const std::string& what) {
  throw IoError(detail::Concat(path, ":", line, ": ", what));
}

void ThrowNoEdges(const std::string& path, std::int64_t total_lines) {
  throw IoError(detail::Concat(path, ":", std::max<std::int64_t>(total_lines, 1), ": no edges (",
                               total_lines == 0 ? "empty file" : "only comments and blank lines",
                               "), expected lines 'u v'"));
}

}  // namespace vgae::io
