// Edge-list and Matrix Market parsers. A LineReader streams the file in 16 MiB blocks (a line may span
// blocks; the carry is moved to the front) and hands out lines without '\n' or a trailing '\r'. Tokens are
// split on spaces and tabs and converted with std::from_chars, which must consume the whole token. The
// Parse* entry points run the same line parsers over a text in memory (one block, no copy): the fuzzers use
// them, so every byte they read past the text is an ASan finding rather than a read into a spare buffer.
#include "io/text_formats.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "core/error.h"
#include "io/edge_file.h"

namespace vgae::io {
namespace {

constexpr std::size_t kBlockBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxQuoted = 40;  // longest token echoed back in an error message

[[noreturn]] void Fail(const std::string& path, std::int64_t line, std::string_view what) {
  throw IoError(detail::Concat(path, ":", line, ": ", what));
}

std::string Quote(std::string_view token) {
  if (token.size() > kMaxQuoted) return detail::Concat("'", token.substr(0, kMaxQuoted), "...'");
  return detail::Concat("'", token, "'");
}

class LineReader {
 public:
  // Streams a file in blocks.
  explicit LineReader(const std::string& path)
      : path_(path), file_(std::fopen(path.c_str(), "rb"), &std::fclose) {
    if (!file_) throw IoError(detail::Concat(path, ": cannot open: ", std::strerror(errno)));
    if (std::fseek(file_.get(), 0, SEEK_END) == 0) {
      const long size = std::ftell(file_.get());
      if (size > 0) size_ = static_cast<std::uint64_t>(size);
      std::rewind(file_.get());
    }
    buf_.resize(kBlockBytes);
    data_ = buf_.data();
  }
  // Calls `progress` with the fraction of the file consumed, each time about 1% more is (at most ~100 times),
  // and with 1 at end of file.
  void SetProgress(const std::function<void(double)>& progress) {
    progress_ = progress;
    step_ = std::max<std::uint64_t>(size_ / 100, 1);
    next_report_ = step_;
  }
  // Reads an in-memory text without copying it: the whole text is one block, already at end of file, so
  // lines point straight into `text` (which must outlive the reader).
  LineReader(std::string_view text, const std::string& name)
      : path_(name), file_(nullptr, &std::fclose), data_(text.data()), end_(text.size()), eof_(true),
        size_(text.size()) {}

  // The next line, without its '\n' and a trailing '\r'; false at end of file.
  bool Next(std::string_view& line) {
    for (;;) {
      const char* start = data_ + begin_;
      const void* nl = end_ > begin_ ? std::memchr(start, '\n', end_ - begin_) : nullptr;
      if (nl != nullptr) {
        const auto len = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
        begin_ += len + 1;
        return Emit(std::string_view(start, len), line);
      }
      if (eof_) {
        if (begin_ == end_) {
          if (progress_ && next_report_ != kDone) {
            next_report_ = kDone;
            progress_(1.0);
          }
          return false;
        }
        const std::string_view last(start, end_ - begin_);
        begin_ = end_;
        return Emit(last, line);
      }
      Refill();
    }
  }

  std::int64_t line_number() const { return line_number_; }
  std::uint64_t file_size() const { return size_; }

 private:
  bool Emit(std::string_view raw, std::string_view& line) {
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    line = raw;
    ++line_number_;
    if (progress_ && offset_ + begin_ >= next_report_) {
      const std::uint64_t consumed = offset_ + begin_;
      next_report_ = consumed + step_;
      if (consumed < size_) progress_(static_cast<double>(consumed) / static_cast<double>(size_));
    }
    return true;
  }

  void Refill() {
    // Keep the partial line, grow when one line fills the whole buffer, then read behind it.
    const std::size_t carry = end_ - begin_;
    offset_ += begin_;
    std::memmove(buf_.data(), buf_.data() + begin_, carry);
    begin_ = 0;
    end_ = carry;
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
    data_ = buf_.data();
    const std::size_t got = std::fread(buf_.data() + end_, 1, buf_.size() - end_, file_.get());
    if (got < buf_.size() - end_) {
      if (std::ferror(file_.get()))
        throw IoError(detail::Concat(path_, ":", line_number_ + 1, ": read error: ", std::strerror(errno)));
      eof_ = true;
    }
    end_ += got;
  }

  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::vector<char> buf_;
  const char* data_ = nullptr;  // buf_.data() for a file, the caller's text otherwise
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  std::int64_t line_number_ = 0;
  std::uint64_t size_ = 0;
  // Progress: offset_ is the file position of buf_[0]; next_report_ the position that triggers the next call.
  static constexpr std::uint64_t kDone = ~std::uint64_t{0};
  std::function<void(double)> progress_;
  std::uint64_t offset_ = 0, step_ = 1, next_report_ = 0;
};

// Splits on spaces and tabs into out[0..max); returns the total number of tokens (which may exceed max).
int SplitTokens(std::string_view line, std::string_view* out, int max) {
  int count = 0;
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (true) {
    while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i == n) return count;
    const std::size_t s = i;
    while (i < n && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (count < max) out[count] = line.substr(s, i - s);
    ++count;
  }
}

std::int64_t ParseInt(std::string_view token, const std::string& path, std::int64_t line, const char* what) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
  if (ec == std::errc::result_out_of_range)
    Fail(path, line, detail::Concat(what, " ", Quote(token), " does not fit in a signed 64-bit integer"));
  if (ec != std::errc() || end != token.data() + token.size())
    Fail(path, line, detail::Concat("expected an integer ", what, ", found ", Quote(token)));
  return v;
}

}  // namespace

// The edge-list entry points keep their src/dst form for tests and fuzzers; prep uses io/edge_file.h.
namespace {
EdgeList ToEdgeList(EdgeFile&& file) {
  EdgeList edges;
  edges.max_id = file.pairs.max_id;
  edges.comment_lines = file.stats.comment_lines;
  edges.data_lines = file.stats.data_lines;
  edges.src.reserve(static_cast<std::size_t>(edges.data_lines));
  edges.dst.reserve(static_cast<std::size_t>(edges.data_lines));
  for (const auto& chunk : file.pairs.chunks)
    for (std::size_t i = 0; i < chunk.size(); i += 2) {
      edges.src.push_back(chunk[i]);
      edges.dst.push_back(chunk[i + 1]);
    }
  return edges;
}
}  // namespace

EdgeList ReadEdgeList(const std::string& path, const std::function<void(double)>& progress) {
  return ToEdgeList(ReadEdgeFile(path, 1, progress));
}

EdgeList ParseEdgeList(std::string_view text, const std::string& name) {
  EdgeFile file;
  if (auto error = ParseEdgeText(text, file.pairs, file.stats)) ThrowEdgeError(name, error->line, error->what);
  if (file.stats.data_lines == 0) ThrowNoEdges(name, file.stats.lines);
  return ToEdgeList(std::move(file));
}

namespace {

enum class MmField { kReal, kInteger, kPattern };

struct MmHeader {
  bool coordinate = true;
  MmField field = MmField::kReal;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

MmHeader ParseBanner(LineReader& reader, const std::string& path) {
  constexpr const char* kExpected =
      "bad banner: expected '%%MatrixMarket matrix <coordinate|array> <field> general'";
  std::string_view line;
  if (!reader.Next(line)) Fail(path, 1, detail::Concat(kExpected, ", found an empty file"));
  std::string_view tok[5];
  const int n = SplitTokens(line, tok, 5);
  if (n != 5 || Lower(tok[0]) != "%%matrixmarket")
    Fail(path, 1, detail::Concat(kExpected, ", found ", Quote(line)));
  if (Lower(tok[1]) != "matrix")
    Fail(path, 1, detail::Concat("bad banner: unsupported object ", Quote(tok[1]), ", expected 'matrix'"));
  MmHeader h;
  const std::string format = Lower(tok[2]), field = Lower(tok[3]), symmetry = Lower(tok[4]);
  if (format == "array") {
    h.coordinate = false;
  } else if (format != "coordinate") {
    Fail(path, 1,
         detail::Concat("bad banner: unsupported format ", Quote(tok[2]), ", expected coordinate or array"));
  }
  if (field == "real") {
    h.field = MmField::kReal;
  } else if (field == "integer") {
    h.field = MmField::kInteger;
  } else if (field == "pattern" && h.coordinate) {
    h.field = MmField::kPattern;
  } else {
    Fail(path, 1,
         detail::Concat("unsupported field ", Quote(tok[3]), " for ", format, ", expected ",
                        h.coordinate ? "real, integer or pattern" : "real or integer"));
  }
  // Node features have no symmetry; a symmetric N x F file would be a square matrix stored by halves.
  if (symmetry != "general")
    Fail(path, 1, detail::Concat("unsupported symmetry ", Quote(tok[4]), ", expected general"));
  return h;
}

// Next line that is neither blank nor a '%' comment; tokens split into tok. False at end of file.
bool NextDataLine(LineReader& reader, std::string_view* tok, int max, int& count) {
  std::string_view line;
  while (reader.Next(line)) {
    count = SplitTokens(line, tok, max);
    if (count > 0 && tok[0][0] != '%') return true;
  }
  return false;
}

double ParseValue(std::string_view token, MmField field, const std::string& path, std::int64_t line) {
  double v = 0;
  if (field == MmField::kInteger) {
    v = static_cast<double>(ParseInt(token, path, line, "value"));
  } else {
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (ec == std::errc::result_out_of_range && end == token.data() + token.size()) {
      // from_chars reports overflow and underflow alike; strtod tells them apart (underflow gives
      // 0/denormal).
      v = std::strtod(std::string(token).c_str(), nullptr);
      if (std::abs(v) == HUGE_VAL)
        Fail(path, line, detail::Concat("non-finite value ", Quote(token), " (out of double range)"));
    } else if (ec != std::errc() || end != token.data() + token.size()) {
      Fail(path, line, detail::Concat("expected a real value, found ", Quote(token)));
    }
  }
  if (!std::isfinite(v)) Fail(path, line, detail::Concat("non-finite value ", Quote(token)));
  if (std::abs(v) > std::numeric_limits<float>::max())
    Fail(path, line, detail::Concat("non-finite value ", Quote(token), " as float (over 3.4e38)"));
  return v;
}

// Triplets (0-based) in file order → CSR: bucket by row (stable, so array files arrive column-sorted), then
// sort each row by column, sum duplicates in double and drop zeros.
core::Csr<std::int32_t> BuildCsr(std::int64_t rows, std::int64_t cols, const std::vector<std::int64_t>& r,
                                 const std::vector<std::int32_t>& c, const std::vector<double>& v) {
  core::Csr<std::int32_t> m;
  m.rows = rows;
  m.cols = cols;
  m.indptr.assign(static_cast<std::size_t>(rows) + 1, 0);
  for (std::int64_t row : r) ++m.indptr[row + 1];
  for (std::int64_t i = 0; i < rows; ++i) m.indptr[i + 1] += m.indptr[i];
  std::vector<std::int64_t> next(m.indptr.begin(), m.indptr.end() - 1);
  std::vector<std::pair<std::int32_t, double>> entries(r.size());
  for (std::size_t k = 0; k < r.size(); ++k) entries[next[r[k]]++] = {c[k], v[k]};

  m.indices.reserve(entries.size());
  m.values.reserve(entries.size());
  for (std::int64_t i = 0; i < rows; ++i) {
    const auto first = entries.begin() + m.indptr[i], last = entries.begin() + m.indptr[i + 1];
    std::stable_sort(first, last, [](const auto& a, const auto& b) { return a.first < b.first; });
    m.indptr[i] = static_cast<std::int64_t>(m.indices.size());
    for (auto it = first; it != last;) {
      const std::int32_t col = it->first;
      double sum = 0;
      for (; it != last && it->first == col; ++it) sum += it->second;
      const auto value = static_cast<float>(sum);
      if (value != 0) {  // also drops sums that underflow float
        m.indices.push_back(col);
        m.values.push_back(value);
      }
    }
  }
  m.indptr[rows] = static_cast<std::int64_t>(m.indices.size());
  return m;
}

core::Csr<std::int32_t> ParseMatrixLines(LineReader& reader, const std::string& path, std::int64_t max_rows) {
  const MmHeader h = ParseBanner(reader, path);

  std::string_view tok[3];
  int n = 0;
  const int size_tokens = h.coordinate ? 3 : 2;
  const char* size_form = h.coordinate ? "'rows cols entries'" : "'rows cols'";
  if (!NextDataLine(reader, tok, 3, n))
    Fail(path, reader.line_number(), detail::Concat("expected size line ", size_form, ", found end of file"));
  const std::int64_t size_line = reader.line_number();
  if (n != size_tokens)
    Fail(path, size_line, detail::Concat("expected size line ", size_form, ", found ", n, " tokens"));
  const std::int64_t rows = ParseInt(tok[0], path, size_line, "row count");
  const std::int64_t cols = ParseInt(tok[1], path, size_line, "column count");
  if (rows < 0 || cols < 0) Fail(path, size_line, "expected non-negative rows and cols on the size line");
  if (cols > std::numeric_limits<std::int32_t>::max())
    Fail(path, size_line, detail::Concat("column count ", cols, " does not fit in int32"));
  if (rows > max_rows)
    Fail(path, size_line, detail::Concat("row count ", rows, " is over the limit of ", max_rows, " rows"));
  std::int64_t declared = 0;
  if (h.coordinate) {
    declared = ParseInt(tok[2], path, size_line, "entry count");
    if (declared < 0) Fail(path, size_line, "expected a non-negative entry count on the size line");
  } else if (cols != 0 && rows > std::numeric_limits<std::int64_t>::max() / cols) {
    Fail(path, size_line, "rows * cols does not fit in a signed 64-bit integer");
  } else {
    declared = rows * cols;
  }

  // Reserve no more than the file could hold (an entry takes at least 2 bytes), so a lying size line cannot
  // make us allocate wildly.
  const auto reserve = static_cast<std::size_t>(
      std::min<std::uint64_t>(static_cast<std::uint64_t>(declared), reader.file_size() / 2 + 1));
  std::vector<std::int64_t> r;
  std::vector<std::int32_t> c;
  std::vector<double> v;
  r.reserve(reserve);
  c.reserve(reserve);
  v.reserve(reserve);

  const int entry_tokens = h.coordinate ? (h.field == MmField::kPattern ? 2 : 3) : 1;
  const char* entry_form =
      h.coordinate ? (h.field == MmField::kPattern ? "'row col'" : "'row col value'") : "'value'";
  std::int64_t seen = 0;
  while (NextDataLine(reader, tok, 3, n)) {
    const std::int64_t ln = reader.line_number();
    if (seen == declared)
      Fail(path, ln, detail::Concat("more entries than the ", declared, " declared on line ", size_line));
    if (n != entry_tokens)
      Fail(path, ln,
           detail::Concat("expected entry ", entry_form, ", found ", n, n == 1 ? " token" : " tokens"));
    std::int64_t row = 0, col = 0;
    double value = 1.0;
    if (h.coordinate) {
      row = ParseInt(tok[0], path, ln, "row index");
      col = ParseInt(tok[1], path, ln, "column index");
      if (row < 1 || row > rows)
        Fail(path, ln,
             detail::Concat("row index ", row, " outside 1..", rows, " (size line ", size_line, ")"));
      if (col < 1 || col > cols)
        Fail(path, ln,
             detail::Concat("column index ", col, " outside 1..", cols, " (size line ", size_line, ")"));
      --row;
      --col;
      if (h.field != MmField::kPattern) value = ParseValue(tok[2], h.field, path, ln);
    } else {
      row = seen % rows;  // column-major
      col = seen / rows;
      value = ParseValue(tok[0], h.field, path, ln);
    }
    ++seen;
    if (value == 0) continue;
    r.push_back(row);
    c.push_back(static_cast<std::int32_t>(col));
    v.push_back(value);
  }
  if (seen != declared)
    Fail(path, reader.line_number(),
         detail::Concat("found ", seen, " entries, fewer than the ", declared, " declared on line ",
                        size_line));
  // The row offsets take 16 bytes per declared row however few entries there are.
  const auto too_many_rows = [&] {
    return detail::Concat("cannot allocate the row offsets of the ", rows, " rows declared on the size line");
  };
  try {
    return BuildCsr(rows, cols, r, c, v);
  } catch (const std::bad_alloc&) {
    Fail(path, size_line, too_many_rows());
  } catch (const std::length_error&) {  // past the vector's max_size
    Fail(path, size_line, too_many_rows());
  }
}

}  // namespace

core::Csr<std::int32_t> ReadMatrixMarket(const std::string& path, const std::function<void(double)>& progress) {
  LineReader reader(path);
  if (progress) reader.SetProgress(progress);
  return ParseMatrixLines(reader, path, std::numeric_limits<std::int64_t>::max());
}

core::Csr<std::int32_t> ParseMatrixMarket(std::string_view text, const std::string& name, std::int64_t max_rows) {
  LineReader reader(text, name);
  return ParseMatrixLines(reader, name, max_rows);
}

}  // namespace vgae::io
