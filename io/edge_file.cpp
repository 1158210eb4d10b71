#include "io/edge_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "core/error.h"

namespace vgae::io {
namespace {

constexpr std::size_t kBlockBytes = std::size_t{16} << 20;

class Fd {
 public:
  explicit Fd(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) throw IoError(detail::Concat(path, ": cannot open: ", std::strerror(errno)));
  }
  ~Fd() { ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads up to `size` bytes at `offset` (fewer only at end of file).
std::size_t ReadAt(int fd, const std::string& path, char* buf, std::size_t size, std::uint64_t offset) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t r = ::pread(fd, buf + got, size - got, static_cast<off_t>(offset + got));
    if (r < 0) {
      if (errno == EINTR) continue;
      throw IoError(detail::Concat(path, ": read error at byte ", offset + got, ": ", std::strerror(errno)));
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

// First line start at or after `pos`: 0, or just after a '\n' at pos - 1 or later; size when there is none.
std::uint64_t LineStartAtOrAfter(int fd, const std::string& path, std::uint64_t pos, std::uint64_t size) {
  if (pos == 0) return 0;
  std::vector<char> buf(1 << 16);
  for (std::uint64_t at = pos - 1; at < size;) {
    const std::size_t got = ReadAt(fd, path, buf.data(), buf.size(), at);
    if (got == 0) break;
    if (const void* nl = std::memchr(buf.data(), '\n', got)) return at + (static_cast<const char*>(nl) - buf.data()) + 1;
    at += got;
  }
  return size;
}

EdgeRange ReadRange(int fd, const std::string& path, std::uint64_t size, std::uint64_t begin, std::uint64_t stop,
                    const std::function<void(std::uint64_t)>& bytes_read, std::size_t piece = kBlockBytes) {
  EdgeRange out;
  std::uint64_t pos = LineStartAtOrAfter(fd, path, begin, size);
  std::size_t block = kBlockBytes;
  std::vector<char> buf;
  while (pos < stop && pos < size) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(block, size - pos));
    if (buf.size() < want) buf.resize(want);
    const std::size_t got = ReadAt(fd, path, buf.data(), want, pos);
    if (got == 0) break;  // the file shrank
    const bool at_eof = pos + got >= size || got < want;
    std::size_t len = got;
    bool last = false;
    if (pos + got > stop) {  // cut before the first line that starts at or after stop
      const auto rel = static_cast<std::size_t>(stop - 1 - pos);
      if (const void* nl = std::memchr(buf.data() + rel, '\n', got - rel)) {
        len = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
        last = true;
      }
    }
    if (!last && !at_eof) {  // keep whole lines; a line longer than the block grows the block
      const void* nl = ::memrchr(buf.data(), '\n', len);
      if (nl == nullptr) {
        block *= 2;
        continue;
      }
      len = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
    }
    // Parsed in pieces of about `piece` bytes (whole lines), so progress comes about once per piece.
    for (std::size_t done = 0; done < len;) {
      std::size_t cut = len;
      if (piece < len - done)
        if (const void* nl = std::memchr(buf.data() + done + piece - 1, '\n', len - done - piece + 1))
          cut = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
      const std::int64_t lines_before = out.edges.stats.lines;
      if (auto error = ParseEdgeText(std::string_view(buf.data() + done, cut - done), out.edges.pairs,
                                     out.edges.stats)) {
        error->line += lines_before;
        out.error = std::move(error);
        return out;
      }
      if (bytes_read) bytes_read(cut - done);
      done = cut;
    }
    pos += len;
    if (last || at_eof) break;
  }
  return out;
}

EdgeFile ReadGzip(const std::string& path, const std::function<void(double)>& progress) {
  const std::uint64_t compressed = FileSize(path);
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) throw IoError(detail::Concat(path, ": cannot open: ", std::strerror(errno)));
  std::unique_ptr<gzFile_s, int (*)(gzFile)> closer(gz, &gzclose);
  gzbuffer(gz, 1 << 20);
  EdgeFile out;
  std::vector<char> buf(kBlockBytes);
  std::size_t carry = 0;  // bytes of an unfinished line at the front of buf
  for (;;) {
    if (carry == buf.size()) buf.resize(buf.size() * 2);
    const auto want = static_cast<unsigned>(std::min<std::size_t>(buf.size() - carry, 1u << 30));
    const int got = gzread(gz, buf.data() + carry, want);
    // zlib reports a truncated stream at its end (got 0 or -1 with the error set): before the carry is parsed.
    int code = Z_OK;
    const char* msg = gzerror(gz, &code);
    if (got < 0 || (code != Z_OK && code != Z_STREAM_END)) {
      std::string what = msg;
      if (what.rfind(path + ": ", 0) == 0) what = what.substr(path.size() + 2);
      throw IoError(detail::Concat(path, ": ", code == Z_BUF_ERROR ? "truncated" : "corrupt",
                                   " gzip data after line ", out.stats.lines, " (zlib: ", what, ")"));
    }
    const bool eof = got == 0;
    std::size_t len = carry + static_cast<std::size_t>(got);
    std::size_t parse = len;
    if (!eof) {
      const void* nl = ::memrchr(buf.data(), '\n', len);
      if (nl == nullptr) {
        carry = len;
        continue;
      }
      parse = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
    }
    const std::int64_t lines_before = out.stats.lines;
    if (auto error = ParseEdgeText(std::string_view(buf.data(), parse), out.pairs, out.stats))
      ThrowEdgeError(path, lines_before + error->line, error->what);
    if (eof) break;
    carry = len - parse;
    std::memmove(buf.data(), buf.data() + parse, carry);
    if (progress && compressed > 0) {
      const auto at = static_cast<double>(gzoffset(gz));
      progress(std::min(at / static_cast<double>(compressed), 1.0));
    }
  }
  if (progress) progress(1.0);
  return out;
}

}  // namespace

std::uint64_t FileSize(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw IoError(detail::Concat(path, ": cannot open: ", std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) throw IoError(detail::Concat(path, ": cannot open: is a directory"));
  return static_cast<std::uint64_t>(st.st_size);
}

bool IsGzipFile(const std::string& path) {
  Fd fd(path);
  unsigned char magic[2] = {0, 0};
  const ssize_t got = ::pread(fd.get(), magic, 2, 0);
  return got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

EdgeRange ReadEdgeFileRange(const std::string& path, std::uint64_t begin, std::uint64_t end,
                            const std::function<void(std::uint64_t)>& bytes_read) {
  const std::uint64_t size = FileSize(path);
  Fd fd(path);
  return ReadRange(fd.get(), path, size, begin, std::min(end, size), bytes_read);
}

EdgeFile ReadEdgeFile(const std::string& path, int threads, const std::function<void(double)>& progress) {
  const std::uint64_t size = FileSize(path);
  if (IsGzipFile(path)) {
    EdgeFile e = ReadGzip(path, progress);
    if (e.stats.data_lines == 0) ThrowNoEdges(path, e.stats.lines);
    return e;
  }
  // Small files are not worth a thread.
  threads = static_cast<int>(std::clamp<std::uint64_t>(size / (std::uint64_t{4} << 20), 1, std::max(threads, 1)));
  Fd fd(path);
  std::vector<EdgeRange> ranges(static_cast<std::size_t>(threads));
  std::atomic<std::uint64_t> done{0};
  std::vector<std::exception_ptr> failures(ranges.size());
  const auto work = [&](int t) {
    try {
      const std::uint64_t b = size * static_cast<std::uint64_t>(t) / static_cast<std::uint64_t>(threads);
      const std::uint64_t e = size * static_cast<std::uint64_t>(t + 1) / static_cast<std::uint64_t>(threads);
      const auto report = [&](std::uint64_t n) {
        const std::uint64_t now = done += n;
        if (t == 0 && now < size) progress(static_cast<double>(now) / static_cast<double>(size));
      };
      ranges[t] = progress ? ReadRange(fd.get(), path, size, b, e, report, std::max<std::uint64_t>(size / 100, 1))
                           : ReadRange(fd.get(), path, size, b, e, {});
    } catch (...) {
      failures[t] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (auto& f : failures)
    if (f) std::rethrow_exception(f);
  // The first bad line in file order: lines of the earlier ranges (all parsed to their end) come before it.
  EdgeFile out = std::move(ranges[0].edges);
  if (ranges[0].error) ThrowEdgeError(path, ranges[0].error->line, ranges[0].error->what);
  for (std::size_t t = 1; t < ranges.size(); ++t) {
    if (ranges[t].error) ThrowEdgeError(path, out.stats.lines + ranges[t].error->line, ranges[t].error->what);
    out.stats.Add(ranges[t].edges.stats);
    out.pairs.Append(std::move(ranges[t].edges.pairs));
  }
  if (out.stats.data_lines == 0) ThrowNoEdges(path, out.stats.lines);
  if (progress) progress(1.0);
  return out;
}

}  // namespace vgae::io
