// The edge-list line parser shared by every edge reader (whole file, thread ranges, rank ranges, .gz
// blocks): a hand-written scanner for the common line "u<blanks>v<newline>" and, for any other line, a
// general tokenizer that either accepts it (e.g. "\r" between ids) or says what is wrong with it.
//
// Format: one edge per line, two non-negative 64-bit ids separated by spaces or tabs (extra blanks and a
// trailing '\r' allowed); a line whose first non-blank character is '#' or '%' is a comment; blank lines are
// skipped. Everything else is an error: a non-numeric token (including '+1', '1.5', '5x'), a negative id
// (including '-0'), an id over 2^63-1, a line with one token or with three or more.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/edge_pairs.h"

namespace vgae::io {

struct EdgeTextStats {
  std::int64_t lines = 0;          // every line, blank and comment lines included
  std::int64_t comment_lines = 0;
  std::int64_t data_lines = 0;
  void Add(const EdgeTextStats& o) {
    lines += o.lines;
    comment_lines += o.comment_lines;
    data_lines += o.data_lines;
  }
};

struct EdgeTextError {
  std::int64_t line = 0;  // 1-based, counted from the start of the parsed text
  std::string what;       // e.g. "expected two node ids 'u v', found 1 token '5'"
};

// Parses the lines of `text` (which starts at a line start; its last line may lack '\n') into `out` and
// `stats`. Stops at the first bad line and returns it.
std::optional<EdgeTextError> ParseEdgeText(std::string_view text, core::EdgePairs& out, EdgeTextStats& stats);

// "path:line: what": the form of every edge-list error.
[[noreturn]] void ThrowEdgeError(const std::string& path, std::int64_t line, const std::string& what);
// The error of a file with no data lines (total_lines as counted over the whole file).
[[noreturn]] void ThrowNoEdges(const std::string& path, std::int64_t total_lines);

}  // namespace vgae::io
