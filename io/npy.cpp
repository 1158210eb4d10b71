// The .npy header is a Python dict literal; we accept exactly the keys numpy writes ('descr', 'fortran_order',
// 'shape') in any order, with the value forms numpy produces. Data are converted in blocks straight into
// the float32 output, so a float64 file costs no second copy.
#include "io/npy.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <utility>

#include "core/error.h"

namespace vgae::io {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLen = 6;

struct NpyHeader {
  int item_bytes = 4;  // 4: float32, 8: float64
  std::int64_t rows = 0, cols = 0;
  std::size_t data_offset = 0;
};

[[noreturn]] void Fail(const std::string& name, const std::string& what) {
  throw IoError(detail::Concat(name, ": ", what));
}

// The value text after "'key':" in the dict, up to the next top-level ',' or '}'.
std::optional<std::string_view> DictValue(std::string_view dict, std::string_view key) {
  const std::string quoted = detail::Concat("'", key, "'");
  auto at = dict.find(quoted);
  if (at == std::string_view::npos) return std::nullopt;
  at = dict.find_first_not_of(' ', at + quoted.size());
  if (at == std::string_view::npos || dict[at] != ':') return std::nullopt;
  ++at;
  while (at < dict.size() && dict[at] == ' ') ++at;
  std::size_t end = at;
  int depth = 0;
  while (end < dict.size() && (depth > 0 || (dict[end] != ',' && dict[end] != '}'))) {
    if (dict[end] == '(') ++depth;
    if (dict[end] == ')') --depth;
    ++end;
  }
  return dict.substr(at, end - at);
}

// Magic, version and header length: where the dict starts and where the data start.
std::pair<std::size_t, std::size_t> Preamble(std::string_view bytes, const std::string& name) {
  if (bytes.size() < kMagicLen + 2 || std::memcmp(bytes.data(), kMagic, kMagicLen) != 0)
    Fail(name, "not a .npy file (expected the magic string \\x93NUMPY at the start)");
  const auto major = static_cast<unsigned char>(bytes[6]);
  std::size_t len_bytes = 0;
  if (major == 1) len_bytes = 2;
  else if (major == 2 || major == 3) len_bytes = 4;
  else Fail(name, detail::Concat(".npy format version ", int{major}, " is not supported, expected 1, 2 or 3"));
  if (bytes.size() < 8 + len_bytes) Fail(name, "truncated .npy header");
  std::size_t header_len = 0;
  for (std::size_t i = 0; i < len_bytes; ++i)
    header_len |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
  return {8 + len_bytes, 8 + len_bytes + header_len};
}

// The whole header; `bytes` holds at least the whole header, or all there is.
NpyHeader ParseHeader(std::string_view bytes, const std::string& name) {
  const auto [dict_begin, data_begin] = Preamble(bytes, name);
  NpyHeader h;
  h.data_offset = data_begin;
  if (bytes.size() < h.data_offset)
    Fail(name, detail::Concat("truncated .npy header: expected ", data_begin - dict_begin, " header bytes"));
  const std::string_view dict = bytes.substr(dict_begin, data_begin - dict_begin);

  const auto descr = DictValue(dict, "descr");
  if (!descr) Fail(name, "the .npy header has no 'descr'");
  if (*descr == "'<f4'") h.item_bytes = 4;
  else if (*descr == "'<f8'") h.item_bytes = 8;
  else Fail(name, detail::Concat("dtype ", *descr, " is not supported, expected '<f4' (float32) or '<f8' (float64)"));
  const auto fortran = DictValue(dict, "fortran_order");
  if (!fortran) Fail(name, "the .npy header has no 'fortran_order'");
  if (*fortran != "False")
    Fail(name, detail::Concat("fortran_order is ", *fortran, ", expected False (C order: np.ascontiguousarray)"));
  const auto shape = DictValue(dict, "shape");
  if (!shape || shape->size() < 2 || shape->front() != '(' || shape->back() != ')')
    Fail(name, "the .npy header has no 'shape' tuple");
  std::vector<std::int64_t> dims;
  std::string_view rest = shape->substr(1, shape->size() - 2);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view part = rest.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == 'L')) part.remove_suffix(1);
    if (!part.empty()) {
      std::int64_t d = 0;
      for (const char c : part) {
        if (c < '0' || c > '9' || d > (std::numeric_limits<std::int64_t>::max() - 9) / 10)
          Fail(name, detail::Concat("bad shape ", *shape, " in the .npy header"));
        d = d * 10 + (c - '0');
      }
      dims.push_back(d);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (dims.size() != 2)
    Fail(name, detail::Concat("shape ", *shape, " has ", dims.size(), " dimensions, expected 2 (nodes, features)"));
  h.rows = dims[0];
  h.cols = dims[1];
  if (h.cols > 0 && h.rows > std::numeric_limits<std::int64_t>::max() / 8 / h.cols)
    Fail(name, detail::Concat("shape ", *shape, " is too large"));
  return h;
}

// Converts `count` items at flat index `first` into out, checking each value.
void Convert(const char* data, std::int64_t count, std::int64_t first, const NpyHeader& h, float* out,
             const std::string& name) {
  for (std::int64_t i = 0; i < count; ++i) {
    double v = 0;
    if (h.item_bytes == 4) {
      float f = 0;
      std::memcpy(&f, data + 4 * i, 4);
      v = f;
    } else {
      std::memcpy(&v, data + 8 * i, 8);
    }
    if (!std::isfinite(v) || std::abs(v) > std::numeric_limits<float>::max()) {
      const std::int64_t at = first + i;
      Fail(name, detail::Concat("row ", at / h.cols, " column ", at % h.cols, ": ",
                                std::isfinite(v) ? "value beyond float32 range " : "non-finite value ", v));
    }
    out[i] = static_cast<float>(v);
  }
}

void CheckDataSize(std::uint64_t data_bytes, const NpyHeader& h, const std::string& name) {
  const auto expected = static_cast<std::uint64_t>(h.rows) * static_cast<std::uint64_t>(h.cols) *
                        static_cast<std::uint64_t>(h.item_bytes);
  if (data_bytes != expected)
    Fail(name, detail::Concat("has ", data_bytes, " data bytes, expected ", expected, " for shape (", h.rows, ", ",
                              h.cols, ") of ", h.item_bytes == 4 ? "float32" : "float64",
                              data_bytes < expected ? " (truncated file)" : ""));
}

}  // namespace

DenseMatrix ParseNpy(std::string_view bytes, const std::string& name, std::int64_t max_values) {
  const NpyHeader h = ParseHeader(bytes, name);
  CheckDataSize(bytes.size() - h.data_offset, h, name);
  if (h.rows * h.cols > max_values) Fail(name, "shape over the limit");
  DenseMatrix m{h.rows, h.cols, std::vector<float>(static_cast<std::size_t>(h.rows * h.cols))};
  Convert(bytes.data() + h.data_offset, h.rows * h.cols, 0, h, m.values.data(), name);
  return m;
}

DenseMatrix ReadNpy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(path, "cannot open");
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  // The header is short (numpy pads it to 64 bytes; version 2 allows up to 4 GiB, which we do not expect).
  std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(size, 12)), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  const std::size_t pre = Preamble(head, path).second;
  if (pre > size) ParseHeader(head, path);  // throws the in-memory parser's "truncated" error
  head.resize(static_cast<std::size_t>(pre));
  in.seekg(0);
  in.read(head.data(), static_cast<std::streamsize>(pre));
  const NpyHeader h = ParseHeader(head, path);
  CheckDataSize(size - h.data_offset, h, path);
  DenseMatrix m{h.rows, h.cols, std::vector<float>(static_cast<std::size_t>(h.rows * h.cols))};
  constexpr std::int64_t kBlockItems = std::int64_t{1} << 20;
  std::vector<char> block(static_cast<std::size_t>(kBlockItems * h.item_bytes));
  for (std::int64_t first = 0; first < h.rows * h.cols; first += kBlockItems) {
    const std::int64_t count = std::min(kBlockItems, h.rows * h.cols - first);
    in.read(block.data(), static_cast<std::streamsize>(count * h.item_bytes));
    if (!in) Fail(path, "read error");
    Convert(block.data(), count, first, h, m.values.data() + first, path);
  }
  return m;
}

bool IsNpyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[kMagicLen] = {};
  return in.read(magic, kMagicLen) && std::memcmp(magic, kMagic, kMagicLen) == 0;
}

}  // namespace vgae::io
