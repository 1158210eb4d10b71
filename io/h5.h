// A thin RAII layer over the HDF5 C API: every return code is checked and turned into an IoError that names
// the file and the dataset. Files open serially or, given a communicator, collectively through MPI-IO (the only
// reason io/ takes a communicator). Row reads and writes of arbitrary node sets use point selections, which keep
// the order the points are listed in.
#pragma once

#include <hdf5.h>
#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vgae::io {

// Coordinates per H5Dread of a point selection: bounds their memory (and HDF5's own copy of them).
inline constexpr std::size_t kPointBatch = std::size_t{1} << 20;

class H5Id {
 public:
  H5Id() = default;
  H5Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;
  H5Id(H5Id&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = H5I_INVALID_HID; }
  H5Id& operator=(H5Id&& o) noexcept;
  ~H5Id();
  hid_t get() const { return id_; }
  void Release() noexcept { id_ = H5I_INVALID_HID; }  // forgets the id without closing it

 private:
  hid_t id_ = H5I_INVALID_HID;
  herr_t (*close_)(hid_t) = nullptr;
};

template <typename T>
hid_t H5TypeOf();

class H5File {
 public:
  enum class Mode { kRead, kReadWrite, kCreate };
  // comm == MPI_COMM_NULL: serial access. Otherwise every rank of comm must make the same metadata calls
  // (create, attributes) in the same order.
  static H5File Open(const std::string& path, Mode mode, MPI_Comm comm = MPI_COMM_NULL);
  H5File(H5File&&) noexcept = default;
  H5File& operator=(H5File&&) noexcept = default;
  // A parallel file is closed collectively. When a rank unwinds from an error the other ranks are elsewhere
  // (a barrier, the next epoch), so the close would block forever and main() would never reach MPI_Abort:
  // then the handle is left open instead (the process is about to be aborted).
  ~H5File();

  const std::string& Path() const { return path_; }
  bool Parallel() const { return parallel_; }
  hid_t Id() const { return file_.get(); }

  bool Exists(const std::string& object) const;
  void Require(const std::string& object, const std::string& hint = "") const;  // IoError naming it
  void Delete(const std::string& object);  // no-op when absent
  void EnsureGroup(const std::string& group);

  // Checks format_version before anything else is read.
  void CheckFormatVersion(std::int64_t expected) const;

  std::vector<hsize_t> Dims(const std::string& dataset) const;

  template <typename T>
  std::vector<T> ReadAll(const std::string& dataset) const;
  // Rows [begin, begin + count) of a 1-D or 2-D dataset (all columns), flattened row-major.
  template <typename T>
  std::vector<T> ReadRowRange(const std::string& dataset, std::int64_t begin, std::int64_t count) const;
  // The listed rows (any order, duplicates allowed) of a 1-D or 2-D dataset, flattened row-major.
  template <typename T>
  std::vector<T> ReadRows(const std::string& dataset, std::span<const std::int64_t> rows) const;

  // Creates (replacing any existing) a dataset of the given shape. Collective in a parallel file.
  template <typename T>
  void Create(const std::string& dataset, const std::vector<hsize_t>& dims);
  // Serial write of a whole dataset (creates it).
  template <typename T>
  void Write(const std::string& dataset, std::span<const T> data, const std::vector<hsize_t>& dims);
  // Independent write of rows [begin, begin + data.size() / columns) of an existing 1-D or 2-D dataset, as
  // hyperslabs of bounded size (MPI-IO counts are ints). In a parallel file each rank writes its own range and
  // may write none; no other rank takes part.
  template <typename T>
  void WriteRange(const std::string& dataset, std::int64_t begin, std::span<const T> data);
  // Collective write of the listed rows of an existing 1-D or 2-D dataset; a rank may list none.
  template <typename T>
  void WriteRows(const std::string& dataset, std::span<const std::int64_t> rows, std::span<const T> data);

  template <typename T>
  void SetAttr(const std::string& object, const std::string& name, T value);
  void SetAttr(const std::string& object, const std::string& name, const std::string& value);
  template <typename T>
  std::optional<T> GetAttr(const std::string& object, const std::string& name) const;
  std::optional<std::string> GetStringAttr(const std::string& object, const std::string& name) const;

  void Flush();
  void Close();

 private:
  H5File(std::string path, H5Id file, bool parallel) : path_(std::move(path)), file_(std::move(file)), parallel_(parallel) {}
  H5Id OpenDataset(const std::string& dataset) const;
  // Shape of an open dataset whose stored bytes could hold it (see h5.cpp): what every read allocates from.
  std::vector<hsize_t> ReadableDims(hid_t dataset_id, const std::string& dataset) const;
  [[noreturn]] void Fail(const std::string& what, const std::string& object) const;

  std::string path_;
  H5Id file_;
  bool parallel_ = false;
};

}  // namespace vgae::io
