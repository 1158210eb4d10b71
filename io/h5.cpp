// HDF5 wrapper implementation. HDF5's own error stack printing is switched off: every failure becomes an
// IoError with the file and object named, and main() prints it once.
#include "io/h5.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <limits>

#include "core/error.h"

namespace vgae::io {
namespace {

struct SilenceHdf5 {
  SilenceHdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};
void Silence() { static SilenceHdf5 once; }

std::vector<std::string> Components(const std::string& object) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : object) {
    if (c == '/') {
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}

// Values per H5Dwrite of a range: keeps every MPI-IO request far below 2^31 bytes.
constexpr hsize_t kRangeBatch = hsize_t{1} << 24;
// Largest ratio of logical to stored bytes accepted for a filtered (compressed) dataset: deflate's limit is
// about 1032:1.
constexpr hsize_t kMaxCompression = 1100;

}  // namespace

template <> hid_t H5TypeOf<float>() { return H5T_NATIVE_FLOAT; }
template <> hid_t H5TypeOf<double>() { return H5T_NATIVE_DOUBLE; }
template <> hid_t H5TypeOf<std::int32_t>() { return H5T_NATIVE_INT32; }
template <> hid_t H5TypeOf<std::int64_t>() { return H5T_NATIVE_INT64; }

H5Id& H5Id::operator=(H5Id&& o) noexcept {
  if (this != &o) {
    if (id_ >= 0 && close_) close_(id_);
    id_ = o.id_;
    close_ = o.close_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

H5Id::~H5Id() {
  if (id_ >= 0 && close_) close_(id_);
}

H5File::~H5File() {
  if (parallel_ && std::uncaught_exceptions() > 0) file_.Release();
}

void H5File::Fail(const std::string& what, const std::string& object) const {
  throw IoError(detail::Concat(path_, ": ", what, object.empty() ? "" : " '" + object + "'"));
}

H5File H5File::Open(const std::string& path, Mode mode, MPI_Comm comm) {
  Silence();
  const bool parallel = comm != MPI_COMM_NULL;
  if (mode != Mode::kCreate && !std::filesystem::exists(path))
    throw IoError(detail::Concat(path, ": cannot open: no such file"));
  H5Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (parallel && H5Pset_fapl_mpio(fapl.get(), comm, MPI_INFO_NULL) < 0)
    throw IoError(detail::Concat(path, ": cannot set up MPI-IO access"));
  hid_t id = H5I_INVALID_HID;
  if (mode == Mode::kCreate) {
    id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
  } else {
    if (H5Fis_hdf5(path.c_str()) <= 0)
      throw IoError(detail::Concat(path, ": not an HDF5 file (expected one written by vgae_dist prep)"));
    id = H5Fopen(path.c_str(), mode == Mode::kRead ? H5F_ACC_RDONLY : H5F_ACC_RDWR, fapl.get());
  }
  if (id < 0) throw IoError(detail::Concat(path, mode == Mode::kCreate ? ": cannot create" : ": cannot open"));
  return H5File(path, H5Id(id, H5Fclose), parallel);
}

bool H5File::Exists(const std::string& object) const {
  std::string prefix;
  for (const auto& part : Components(object)) {
    prefix += "/" + part;
    const htri_t e = H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT);
    if (e < 0) Fail("cannot look up", prefix);
    if (e == 0) return false;
  }
  return true;
}

void H5File::Require(const std::string& object, const std::string& hint) const {
  if (!Exists(object))
    throw IoError(detail::Concat(path_, ": missing dataset '", object, "'", hint.empty() ? "" : " (" + hint + ")"));
}

void H5File::Delete(const std::string& object) {
  if (Exists(object) && H5Ldelete(file_.get(), object.c_str(), H5P_DEFAULT) < 0) Fail("cannot delete", object);
}

void H5File::EnsureGroup(const std::string& group) {
  std::string prefix;
  for (const auto& part : Components(group)) {
    prefix += "/" + part;
    if (H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT) > 0) continue;
    H5Id g(H5Gcreate2(file_.get(), prefix.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (g.get() < 0) Fail("cannot create group", prefix);
  }
}

void H5File::CheckFormatVersion(std::int64_t expected) const {
  const auto v = GetAttr<std::int64_t>("/", "format_version");
  if (!v) Fail("no format_version attribute: not a vgae_dist file (create it with vgae_dist prep)", "");
  if (*v != expected)
    Fail(detail::Concat("format_version is ", *v, ", this vgae_dist reads version ", expected), "");
}

H5Id H5File::OpenDataset(const std::string& dataset) const {
  if (!Exists(dataset)) Fail("missing dataset", dataset);
  H5Id d(H5Dopen2(file_.get(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
  if (d.get() < 0) Fail("cannot open dataset", dataset);
  return d;
}

std::vector<hsize_t> H5File::Dims(const std::string& dataset) const {
  auto d = OpenDataset(dataset);
  H5Id space(H5Dget_space(d.get()), H5Sclose);
  const int nd = H5Sget_simple_extent_ndims(space.get());
  if (nd < 0) Fail("cannot read the shape of", dataset);
  std::vector<hsize_t> dims(static_cast<std::size_t>(nd));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

// A malformed file can declare any shape in a few bytes. Readers allocate from the shape, so it must fit what
// is stored: vgae_dist writes every dataset whole, so its raw data takes at least the logical size (or
// 1/kMaxCompression of it when filtered), and no more than the file. Otherwise the read is refused before any
// allocation, with the sizes in the message.
std::vector<hsize_t> H5File::ReadableDims(hid_t dataset_id, const std::string& dataset) const {
  H5Id space(H5Dget_space(dataset_id), H5Sclose);
  const int nd = space.get() < 0 ? -1 : H5Sget_simple_extent_ndims(space.get());
  if (nd < 0) Fail("cannot read the shape of", dataset);
  std::vector<hsize_t> dims(static_cast<std::size_t>(nd));
  if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0) Fail("cannot read the shape of", dataset);
  H5Id type(H5Dget_type(dataset_id), H5Tclose);
  const std::size_t type_size = type.get() < 0 ? 0 : H5Tget_size(type.get());
  if (type_size == 0) Fail("cannot read the element type of", dataset);
  hsize_t bytes = type_size;
  for (auto x : dims)
    if (x != 0 && bytes > std::numeric_limits<hsize_t>::max() / x)
      Fail("shape overflows 64 bits in", dataset);
    else
      bytes *= x;
  if (!dims.empty() && std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end()) return dims;
  H5Id dcpl(H5Dget_create_plist(dataset_id), H5Pclose);
  const int filters = dcpl.get() < 0 ? -1 : H5Pget_nfilters(dcpl.get());
  if (filters < 0) Fail("cannot read the storage properties of", dataset);
  const hsize_t stored = H5Dget_storage_size(dataset_id);
  std::error_code ec;
  const auto file_bytes = std::filesystem::file_size(path_, ec);
  if ((!ec && stored > file_bytes) || bytes / (filters > 0 ? kMaxCompression : 1) > stored)
    Fail(detail::Concat("shape needs ", bytes, " bytes but ", stored, " are stored (file of ",
                        ec ? std::string("unknown size") : detail::Concat(file_bytes, " bytes"), ") in"),
         dataset);
  return dims;
}

template <typename T>
std::vector<T> H5File::ReadAll(const std::string& dataset) const {
  auto d = OpenDataset(dataset);
  const auto dims = ReadableDims(d.get(), dataset);
  hsize_t total = 1;
  for (auto x : dims) total *= x;
  std::vector<T> out(total);
  if (total > 0 && H5Dread(d.get(), H5TypeOf<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    Fail("cannot read", dataset);
  return out;
}

template <typename T>
std::vector<T> H5File::ReadRowRange(const std::string& dataset, std::int64_t begin, std::int64_t count) const {
  auto d = OpenDataset(dataset);
  auto dims = ReadableDims(d.get(), dataset);
  if (dims.empty() || dims.size() > 2) Fail("expected a 1-D or 2-D dataset", dataset);
  if (begin < 0 || count < 0 || static_cast<hsize_t>(count) > dims[0] || static_cast<hsize_t>(begin) > dims[0] - count)
    Fail(detail::Concat("rows [", begin, ", ", begin + count, ") outside the ", dims[0], " rows of"), dataset);
  const hsize_t cols = dims.size() == 2 ? dims[1] : 1;
  std::vector<T> out(static_cast<std::size_t>(count) * cols);
  if (count == 0) return out;
  H5Id fspace(H5Dget_space(d.get()), H5Sclose);
  std::vector<hsize_t> start(dims.size(), 0), cnt = dims;
  start[0] = static_cast<hsize_t>(begin);
  cnt[0] = static_cast<hsize_t>(count);
  H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, start.data(), nullptr, cnt.data(), nullptr);
  H5Id mspace(H5Screate_simple(static_cast<int>(cnt.size()), cnt.data(), nullptr), H5Sclose);
  if (H5Dread(d.get(), H5TypeOf<T>(), mspace.get(), fspace.get(), H5P_DEFAULT, out.data()) < 0)
    Fail("cannot read rows of", dataset);
  return out;
}

template <typename T>
std::vector<T> H5File::ReadRows(const std::string& dataset, std::span<const std::int64_t> rows) const {
  auto d = OpenDataset(dataset);
  auto dims = ReadableDims(d.get(), dataset);
  if (dims.empty() || dims.size() > 2) Fail("expected a 1-D or 2-D dataset", dataset);
  const hsize_t cols = dims.size() == 2 ? dims[1] : 1;
  std::vector<T> out(rows.size() * cols);
  H5Id fspace(H5Dget_space(d.get()), H5Sclose);
  const std::size_t rows_per_batch = std::max<std::size_t>(1, kPointBatch / std::max<hsize_t>(cols, 1));
  std::vector<hsize_t> coords;
  for (std::size_t r0 = 0; r0 < rows.size(); r0 += rows_per_batch) {
    const std::size_t nr = std::min(rows_per_batch, rows.size() - r0);
    coords.clear();
    for (std::size_t i = r0; i < r0 + nr; ++i) {
      const auto r = rows[i];
      if (r < 0 || static_cast<hsize_t>(r) >= dims[0])
        Fail(detail::Concat("row ", r, " outside the ", dims[0], " rows of"), dataset);
      for (hsize_t c = 0; c < cols; ++c) {
        coords.push_back(static_cast<hsize_t>(r));
        if (dims.size() == 2) coords.push_back(c);
      }
    }
    const hsize_t npoints = nr * cols;
    if (npoints == 0) continue;
    if (H5Sselect_elements(fspace.get(), H5S_SELECT_SET, npoints, coords.data()) < 0)
      Fail("cannot select rows of", dataset);
    H5Id mspace(H5Screate_simple(1, &npoints, nullptr), H5Sclose);
    if (H5Dread(d.get(), H5TypeOf<T>(), mspace.get(), fspace.get(), H5P_DEFAULT, out.data() + r0 * cols) < 0)
      Fail("cannot read rows of", dataset);
  }
  return out;
}

template <typename T>
void H5File::Create(const std::string& dataset, const std::vector<hsize_t>& dims) {
  Delete(dataset);
  auto slash = dataset.find_last_of('/');
  if (slash != std::string::npos && slash > 0) EnsureGroup(dataset.substr(0, slash));
  H5Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
  H5Id d(H5Dcreate2(file_.get(), dataset.c_str(), H5TypeOf<T>(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
         H5Dclose);
  if (d.get() < 0) Fail("cannot create dataset", dataset);
}

template <typename T>
void H5File::Write(const std::string& dataset, std::span<const T> data, const std::vector<hsize_t>& dims) {
  hsize_t total = 1;
  for (auto x : dims) total *= x;
  if (total != data.size()) throw InternalError(detail::Concat("Write ", dataset, ": size does not match dims"));
  Create<T>(dataset, dims);
  auto d = OpenDataset(dataset);
  if (total > 0 && H5Dwrite(d.get(), H5TypeOf<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)
    Fail("cannot write", dataset);
}

template <typename T>
void H5File::WriteRange(const std::string& dataset, std::int64_t begin, std::span<const T> data) {
  auto d = OpenDataset(dataset);
  auto dims = Dims(dataset);
  if (dims.empty() || dims.size() > 2) Fail("expected a 1-D or 2-D dataset", dataset);
  const hsize_t cols = dims.size() == 2 ? dims[1] : 1;
  const hsize_t rows = cols == 0 ? 0 : data.size() / cols;
  if (rows * cols != data.size() || begin < 0 || static_cast<hsize_t>(begin) + rows > dims[0])
    throw InternalError(detail::Concat("WriteRange ", dataset, ": ", data.size(), " values at row ", begin,
                                       " do not fit ", dims[0], " rows of ", cols));
  H5Id fspace(H5Dget_space(d.get()), H5Sclose);
  H5Id dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  if (parallel_) H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_INDEPENDENT);
  const hsize_t rows_per_write = std::max<hsize_t>(1, kRangeBatch / std::max<hsize_t>(cols, 1));
  for (hsize_t r0 = 0; r0 < rows; r0 += rows_per_write) {
    std::vector<hsize_t> start(dims.size(), 0), count = dims;
    start[0] = static_cast<hsize_t>(begin) + r0;
    count[0] = std::min(rows_per_write, rows - r0);
    if (H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0)
      Fail("cannot select rows of", dataset);
    H5Id mspace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose);
    if (H5Dwrite(d.get(), H5TypeOf<T>(), mspace.get(), fspace.get(), dxpl.get(), data.data() + r0 * cols) < 0)
      Fail(detail::Concat("cannot write rows ", start[0], "..", start[0] + count[0], " of"), dataset);
  }
}

template <typename T>
void H5File::WriteRows(const std::string& dataset, std::span<const std::int64_t> rows, std::span<const T> data) {
  auto d = OpenDataset(dataset);
  auto dims = Dims(dataset);
  const hsize_t cols = dims.size() == 2 ? dims[1] : 1;
  if (data.size() != rows.size() * cols)
    throw InternalError(detail::Concat("WriteRows ", dataset, ": data size does not match rows"));
  std::vector<hsize_t> coords;
  coords.reserve(rows.size() * cols * dims.size());
  for (auto r : rows) {
    if (r < 0 || static_cast<hsize_t>(r) >= dims[0]) Fail(detail::Concat("row ", r, " outside"), dataset);
    for (hsize_t c = 0; c < cols; ++c) {
      coords.push_back(static_cast<hsize_t>(r));
      if (dims.size() == 2) coords.push_back(c);
    }
  }
  H5Id fspace(H5Dget_space(d.get()), H5Sclose);
  const hsize_t npoints = rows.size() * cols;
  const hsize_t mem_len = std::max<hsize_t>(npoints, 1);
  H5Id mspace(H5Screate_simple(1, &mem_len, nullptr), H5Sclose);
  if (npoints == 0) {
    H5Sselect_none(fspace.get());
    H5Sselect_none(mspace.get());
  } else if (H5Sselect_elements(fspace.get(), H5S_SELECT_SET, npoints, coords.data()) < 0) {
    Fail("cannot select rows of", dataset);
  }
  H5Id dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  if (parallel_) H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE);
  const T dummy{};
  if (H5Dwrite(d.get(), H5TypeOf<T>(), mspace.get(), fspace.get(), dxpl.get(), npoints ? data.data() : &dummy) < 0)
    Fail("cannot write rows of", dataset);
}

namespace {
H5Id OpenObject(hid_t file, const std::string& object) { return H5Id(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose); }
}  // namespace

template <typename T>
void H5File::SetAttr(const std::string& object, const std::string& name, T value) {
  auto o = OpenObject(file_.get(), object);
  if (o.get() < 0) Fail("cannot open", object);
  if (H5Aexists(o.get(), name.c_str()) > 0) H5Adelete(o.get(), name.c_str());
  H5Id space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Id a(H5Acreate2(o.get(), name.c_str(), H5TypeOf<T>(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (a.get() < 0 || H5Awrite(a.get(), H5TypeOf<T>(), &value) < 0) Fail("cannot write attribute " + name + " of", object);
}

void H5File::SetAttr(const std::string& object, const std::string& name, const std::string& value) {
  auto o = OpenObject(file_.get(), object);
  if (o.get() < 0) Fail("cannot open", object);
  if (H5Aexists(o.get(), name.c_str()) > 0) H5Adelete(o.get(), name.c_str());
  H5Id type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), std::max<std::size_t>(value.size(), 1));
  H5Id space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Id a(H5Acreate2(o.get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  std::string padded = value.empty() ? std::string(1, '\0') : value;
  if (a.get() < 0 || H5Awrite(a.get(), type.get(), padded.data()) < 0) Fail("cannot write attribute " + name + " of", object);
}

template <typename T>
std::optional<T> H5File::GetAttr(const std::string& object, const std::string& name) const {
  if (object != "/" && !Exists(object)) return std::nullopt;
  auto o = OpenObject(file_.get(), object);
  if (o.get() < 0 || H5Aexists(o.get(), name.c_str()) <= 0) return std::nullopt;
  H5Id a(H5Aopen(o.get(), name.c_str(), H5P_DEFAULT), H5Aclose);
  T value{};
  if (H5Aread(a.get(), H5TypeOf<T>(), &value) < 0) Fail("cannot read attribute " + name + " of", object);
  return value;
}

std::optional<std::string> H5File::GetStringAttr(const std::string& object, const std::string& name) const {
  if (object != "/" && !Exists(object)) return std::nullopt;
  auto o = OpenObject(file_.get(), object);
  if (o.get() < 0 || H5Aexists(o.get(), name.c_str()) <= 0) return std::nullopt;
  H5Id a(H5Aopen(o.get(), name.c_str(), H5P_DEFAULT), H5Aclose);
  H5Id type(H5Aget_type(a.get()), H5Tclose);
  std::string s(H5Tget_size(type.get()), '\0');
  if (H5Aread(a.get(), type.get(), s.data()) < 0) Fail("cannot read attribute " + name + " of", object);
  s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
  return s;
}

void H5File::Flush() {
  if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) Fail("cannot flush", "");
}

void H5File::Close() { file_ = H5Id(); }

#define VGAE_H5_INSTANTIATE(T)                                                                             \
  template std::vector<T> H5File::ReadAll<T>(const std::string&) const;                                   \
  template std::vector<T> H5File::ReadRowRange<T>(const std::string&, std::int64_t, std::int64_t) const;  \
  template std::vector<T> H5File::ReadRows<T>(const std::string&, std::span<const std::int64_t>) const;   \
  template void H5File::Create<T>(const std::string&, const std::vector<hsize_t>&);                       \
  template void H5File::Write<T>(const std::string&, std::span<const T>, const std::vector<hsize_t>&);    \
  template void H5File::WriteRows<T>(const std::string&, std::span<const std::int64_t>, std::span<const T>); \
  template void H5File::WriteRange<T>(const std::string&, std::int64_t, std::span<const T>);              \
  template void H5File::SetAttr<T>(const std::string&, const std::string&, T);                            \
  template std::optional<T> H5File::GetAttr<T>(const std::string&, const std::string&) const;
VGAE_H5_INSTANTIATE(float)
VGAE_H5_INSTANTIATE(double)
VGAE_H5_INSTANTIATE(std::int32_t)
VGAE_H5_INSTANTIATE(std::int64_t)
#undef VGAE_H5_INSTANTIATE

}  // namespace vgae::io
