// Feature readers of prep: .npy written byte by byte here as numpy writes it (version 1.0 header padded to
// 64 bytes), an HDF5 dataset read through "FILE:/path", and each malformed class naming the file.
#include "io/features.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/h5.h"
#include "testing/temp_files.h"

namespace vgae::io {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

using testing::IoErrorMessage;
std::string TempPath(const std::string& name) { return testing::TempPath("vgae_features", name); }
std::string WriteTemp(const std::string& name, const std::string& bytes) {
  return testing::WriteTempFile("vgae_features", name, bytes);
}

// numpy.save's bytes: magic, version 1.0, little-endian header length, the dict padded with spaces to a
// multiple of 64 bytes and ended by '\n', then the raw data.
template <typename T>
std::string Npy(const std::string& descr, const std::string& shape, const std::vector<T>& data,
                const std::string& fortran = "False") {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
  while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  out += dict;
  out.append(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(T));
  return out;
}
TEST(ReadNodeFeatures, NpyFloat32AndFloat64AreReadRowMajor) {
  const auto f32 = ReadNodeFeatures(WriteTemp("a.npy", Npy<float>("<f4", "(2, 3)", {1, 2, 3, 4, 5, 6})));
  ASSERT_TRUE(f32.dense);
  EXPECT_EQ(f32.Rows(), 2);
  EXPECT_EQ(f32.Cols(), 3);
  EXPECT_EQ(f32.dense->values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  const auto f64 = ReadNodeFeatures(WriteTemp("b.npy", Npy<double>("<f8", "(3, 1)", {0.5, -2, 0})));
  EXPECT_EQ(f64.dense->values, (std::vector<float>{0.5f, -2.0f, 0.0f}));
  EXPECT_EQ(f64.Nonzeros(), 2);
  const auto bytes = Npy<float>("<f4", "(2, 2)", {1, 2, 3, 4});
  EXPECT_EQ(ParseNpy(bytes, "mem.npy").values, (std::vector<float>{1, 2, 3, 4}));
}

TEST(ReadNodeFeatures, MalformedNpyNamesFileAndProblem) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {Npy<float>("<f4", "(2, 2)", {1, 2, nan, 4}), "row 1 column 0: non-finite value"},
      {Npy<float>("<f4", "(1, 2)", {1, inf}), "row 0 column 1: non-finite value"},
      {Npy<double>("<f8", "(1, 1)", {1e300}), "beyond float32 range"},
      {Npy<float>("<f4", "(2, 2)", {1, 2, 3}), "expected 16 for shape (2, 2) of float32 (truncated file)"},
      {Npy<float>("<f4", "(2, 2)", {1, 2, 3, 4, 5}), "has 20 data bytes, expected 16"},
      {Npy<float>("<f4", "(4,)", {1, 2, 3, 4}), "has 1 dimensions, expected 2"},
      {Npy<float>("<f4", "(1, 2, 2)", {1, 2, 3, 4}), "has 3 dimensions, expected 2"},
      {Npy<std::int32_t>("<i4", "(2, 2)", {1, 2, 3, 4}), "dtype '<i4' is not supported"},
      {Npy<float>(">f4", "(1, 1)", {1}), "dtype '>f4' is not supported"},
      {Npy<float>("<f4", "(2, 2)", {1, 2, 3, 4}, "True"), "fortran_order is True, expected False"},
      {std::string("\x93NUMPY\x01\x00\x40\x00{'descr'", 17), "truncated .npy header"},
  };
  for (const auto& [bytes, expected] : cases) {
    const auto path = WriteTemp("bad.npy", bytes);
    const auto msg = IoErrorMessage([&] { ReadNodeFeatures(path); });
    EXPECT_THAT(msg, HasSubstr(path + ": ")) << expected;
    EXPECT_THAT(msg, HasSubstr(expected));
    EXPECT_EQ(IoErrorMessage([&] { ParseNpy(bytes, path); }), msg);
  }
}

TEST(ReadNodeFeatures, Hdf5DatasetIsReadAsFloat) {
  const auto path = TempPath("x.h5");
  {
    auto f = H5File::Open(path, H5File::Mode::kCreate);
    const std::vector<double> x = {1.5, 0, -3, 4, 5, 6};
    f.Write<double>("/data/x", x, {3, 2});
    const std::vector<double> bad = {1, std::nan("")};
    f.Write<double>("/data/bad", bad, {1, 2});
    const std::vector<std::int64_t> flat = {1, 2, 3};
    f.Write<std::int64_t>("/flat", flat, {3});
    f.Close();
  }
  const auto m = ReadNodeFeatures(path + ":/data/x");
  ASSERT_TRUE(m.dense);
  EXPECT_EQ(m.Rows(), 3);
  EXPECT_EQ(m.Cols(), 2);
  EXPECT_EQ(m.dense->values, (std::vector<float>{1.5f, 0, -3, 4, 5, 6}));
  EXPECT_THAT(IoErrorMessage([&] { ReadNodeFeatures(path + ":/data/bad"); }),
              HasSubstr("x.h5:/data/bad: row 0 column 1: non-finite value"));
  EXPECT_THAT(IoErrorMessage([&] { ReadNodeFeatures(path + ":/flat"); }), HasSubstr("expected 2 (nodes x features)"));
  EXPECT_THAT(IoErrorMessage([&] { ReadNodeFeatures(path + ":/nope"); }), HasSubstr("/nope"));
}

TEST(ReadNodeFeatures, MatrixMarketIsTheDefault) {
  const auto m = ReadNodeFeatures(std::string(VGAE_TEST_DATA_DIR) + "/features_coordinate.mtx");
  ASSERT_TRUE(m.sparse);
  EXPECT_GT(m.Rows(), 0);
  const auto lie = WriteTemp("lie.mtx", "%%MatrixMarket matrix coordinate real general\n3 2 4\n1 1 1.0\n2 2 2.0\n");
  EXPECT_THAT(IoErrorMessage([&] { ReadNodeFeatures(lie); }), HasSubstr("fewer than the 4 declared on line 2"));
}

}  // namespace
}  // namespace vgae::io
