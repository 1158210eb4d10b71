// Compares two HDF5 files object by object: the same datasets (names, shapes, element types, bytes) and the
// same attributes (bytes as stored). Used to check that a file is the same whatever number of ranks wrote it.
#pragma once

#include <hdf5.h>

#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace vgae::testing {

struct H5Object {
  bool dataset = false;
  std::vector<hsize_t> dims;
  std::string type;  // class and size
  std::vector<char> bytes;
  std::map<std::string, std::vector<char>> attrs;
};

namespace detail_h5 {
inline std::vector<char> ReadAttr(hid_t obj, const char* name) {
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  const hid_t t = H5Aget_type(a), s = H5Aget_space(a);
  std::vector<char> out(H5Tget_size(t) * static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
  H5Aread(a, t, out.data());
  H5Sclose(s);
  H5Tclose(t);
  H5Aclose(a);
  return out;
}
inline herr_t Visit(hid_t root, const char* name, const H5O_info_t* info, void* data) {
  auto& objects = *static_cast<std::map<std::string, H5Object>*>(data);
  const hid_t obj = H5Oopen(root, name, H5P_DEFAULT);
  H5Object o;
  for (hsize_t i = 0; i < info->num_attrs; ++i) {
    char attr_name[256] = {};
    H5Aget_name_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, attr_name, sizeof attr_name, H5P_DEFAULT);
    o.attrs[attr_name] = ReadAttr(obj, attr_name);
  }
  if (info->type == H5O_TYPE_DATASET) {
    o.dataset = true;
    const hid_t t = H5Dget_type(obj), s = H5Dget_space(obj);
    o.dims.resize(static_cast<std::size_t>(H5Sget_simple_extent_ndims(s)));
    H5Sget_simple_extent_dims(s, o.dims.data(), nullptr);
    o.type = std::to_string(H5Tget_class(t)) + ":" + std::to_string(H5Tget_size(t));
    o.bytes.resize(H5Tget_size(t) * static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
    if (!o.bytes.empty()) H5Dread(obj, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, o.bytes.data());
    H5Sclose(s);
    H5Tclose(t);
  }
  H5Oclose(obj);
  objects[name] = std::move(o);
  return 0;
}
}  // namespace detail_h5

// Every object of the file by path ("." is the root group).
inline std::map<std::string, H5Object> ReadH5Objects(const std::string& path) {
  std::map<std::string, H5Object> objects;
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return objects;
  H5Ovisit(f, H5_INDEX_NAME, H5_ITER_INC, detail_h5::Visit, &objects);
  H5Fclose(f);
  return objects;
}

// The first difference between two files ("" when they hold the same objects), ignoring attributes named in
// `ignored_attrs` (e.g. a config string that records the rank count).
inline std::string H5Difference(const std::string& a, const std::string& b,
                                const std::set<std::string>& ignored_attrs = {}) {
  auto x = ReadH5Objects(a), y = ReadH5Objects(b);
  if (x.empty()) return a + ": unreadable or empty";
  for (auto* m : {&x, &y})
    for (auto& [name, o] : *m) std::erase_if(o.attrs, [&](const auto& kv) { return ignored_attrs.count(kv.first) > 0; });
  for (const auto& [name, o] : x) {
    const auto it = y.find(name);
    if (it == y.end()) return name + " only in " + a;
    const auto& p = it->second;
    if (o.dataset != p.dataset || o.dims != p.dims || o.type != p.type) return name + ": shape or type differs";
    if (o.bytes != p.bytes) return name + ": contents differ";
    if (o.attrs != p.attrs) return name + ": attributes differ";
  }
  for (const auto& [name, o] : y)
    if (!x.count(name)) return name + " only in " + b;
  return "";
}

}  // namespace vgae::testing
