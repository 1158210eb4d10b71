// ReadGraphRows, what parallel split reads: a block of /graph rows rebased to a local indptr, and refusals
// that name the dataset when the rows are not a sorted CSR.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/error.h"
#include "core/graph_build.h"
#include "io/format.h"
#include "io/graph_file.h"

namespace vgae::io {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("vgae_graph_rows_" + name + std::to_string(getpid()) + ".h5")).string();
}

TEST(ReadGraphRows, BlocksAreTheRowsOfTheWholeGraph) {
  const std::vector<GlobalId> pairs{0, 1, 0, 4, 1, 2, 2, 3, 3, 4, 1, 4};
  const auto g = core::BuildSymmetricGraph(5, pairs);
  const auto path = TempPath("ok");
  WriteGraphFile(path, g, std::nullopt, std::vector<std::int64_t>{0, 1, 2, 3, 4});
  const auto file = OpenGraphFile(path, false);
  const auto rows = ReadGraphRows(file, 1, 4);
  EXPECT_EQ(rows.rows, 3);
  EXPECT_EQ(rows.cols, 5);
  EXPECT_EQ(rows.indptr, (std::vector<std::int64_t>{0, 3, 5, 7}));
  EXPECT_EQ(rows.indices, std::vector<GlobalId>(g.indices.begin() + g.indptr[1], g.indices.begin() + g.indptr[4]));
  EXPECT_EQ(ReadGraphRows(file, 0, 5).indices, g.indices);
  EXPECT_EQ(ReadGraphRows(file, 2, 2).Nnz(), 0);
  std::filesystem::remove(path);
}

TEST(ReadGraphRows, RefusesUnsortedRows) {
  const auto path = TempPath("bad");
  {
    auto f = H5File::Open(path, H5File::Mode::kCreate);
    f.SetAttr<std::int64_t>("/", names::kFormatVersionAttr, kFormatVersion);
    const std::vector<std::int64_t> indptr{0, 2, 3, 4}, indices{2, 1, 0, 0};  // row 0 lists 2 before 1
    f.Write<std::int64_t>(names::kGraphIndptr, indptr, {4});
    f.Write<std::int64_t>(names::kGraphIndices, indices, {4});
  }
  const auto file = OpenGraphFile(path, false);
  try {
    ReadGraphRows(file, 0, 3);
    ADD_FAILURE() << "unsorted row accepted";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/graph/indices row 0"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(ReadGraphRows(file, 1, 3));  // rows 1 and 2 are fine on their own
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace vgae::io
