// Text inputs of `vgae_dist prep`: an edge list ("u v" per line) and Matrix Market node features. Both are
// read in large blocks and parsed with std::from_chars (no iostreams per token). Every parse error is an
// IoError naming "path:line" and what was expected versus found.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/csr.h"
#include "core/types.h"

namespace vgae::io {

struct EdgeList {
  // As read, in file order: one entry per data line (no dedup, self-loops kept).
  std::vector<GlobalId> src, dst;
  GlobalId max_id = -1;  // largest id seen (-1 when there are no edges)
  std::int64_t comment_lines = 0, data_lines = 0;
};

// One edge per line "u v": 0-based non-negative 64-bit ids separated by spaces or tabs (extra whitespace
// allowed); lines whose first non-blank character is '#' or '%' are comments; blank lines and CRLF line ends
// are accepted. Throws IoError for a missing/unreadable file ("cannot open"), a non-numeric token, a negative
// id, an id over int64, a line with one or with three or more tokens, and a file with no edges ("no edges").
// `progress`, when set, receives the fraction of the file's bytes parsed so far: about every 1%, then 1 at the end.
EdgeList ReadEdgeList(const std::string& path, const std::function<void(double)>& progress = {});
// The same parser over a text in memory; `name` stands for the path in error messages.
EdgeList ParseEdgeList(std::string_view text, const std::string& name);

// Matrix Market "matrix coordinate {real|integer|pattern} general" or "matrix array {real|integer} general"
// (array entries column-major) as an N x F CSR: columns sorted within each row, duplicate entries summed,
// zeros dropped, values always explicit (pattern entries are 1). Keywords are case-insensitive; '%' comment
// lines and blank lines may follow the banner. Throws IoError for a bad banner, an unsupported field or
// symmetry (complex; symmetric, skew-symmetric, hermitian), a bad size line, cols over int32, an entry count
// that differs from the size line, an index outside 1..rows / 1..cols, a non-numeric value and a NaN/Inf
// value
// ("non-finite value"). Row offsets take 16 bytes per declared row whatever the entry count: when they cannot be
// allocated the IoError names the size line. `progress` as for ReadEdgeList.
core::Csr<std::int32_t> ReadMatrixMarket(const std::string& path, const std::function<void(double)>& progress = {});
// The same parser over a text in memory; `name` stands for the path in error messages. `max_rows` bounds
// the memory a size line can claim from untrusted input (IoError "row count ... is over the limit").
core::Csr<std::int32_t> ParseMatrixMarket(std::string_view text, const std::string& name,
                                          std::int64_t max_rows = std::numeric_limits<std::int64_t>::max());

}  // namespace vgae::io
