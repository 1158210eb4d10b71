// Reading an edge-list file (format: io/edge_text.h) into edge pairs. A plain text file is split into byte
// ranges, one per thread (or per rank, dist/), each aligned to line starts: a line belongs to the range that
// holds its first byte. Each range is read with pread in 16 MiB blocks, so memory is the pairs plus one block
// per reader, and the pairs come out in file order for any number of threads. A gzip file (recognised by its
// magic bytes, whatever its name) is streamed through zlib on one thread; a truncated or corrupt one is an
// IoError. Errors name "path:line".
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/edge_pairs.h"
#include "io/edge_text.h"

namespace vgae::io {

struct EdgeFile {
  core::EdgePairs pairs;
  EdgeTextStats stats;
};

// The whole file; throws on the first bad line (the first in file order) and when there are no edges.
// `progress` (called on this thread) receives the fraction of the file read so far.
EdgeFile ReadEdgeFile(const std::string& path, int threads = 1, const std::function<void(double)>& progress = {});

bool IsGzipFile(const std::string& path);  // IoError "cannot open" when it cannot be read
std::uint64_t FileSize(const std::string& path);

// The lines of a plain text file whose first byte lies in [begin, end) (the first byte of the file is a line
// start). Does not throw for a bad line: returns it with its line number counted from the range's first line,
// and stats.lines over the range's lines up to it, so the caller can add the lines of earlier ranges.
struct EdgeRange {
  EdgeFile edges;
  std::optional<EdgeTextError> error;
};
EdgeRange ReadEdgeFileRange(const std::string& path, std::uint64_t begin, std::uint64_t end,
                            const std::function<void(std::uint64_t)>& bytes_read = {});

}  // namespace vgae::io
