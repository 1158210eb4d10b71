// Every input the fuzzers (tests/fuzz, docs/FUZZING.md) found to crash or misbehave, replayed through the
// same read paths in the normal build: each must now be rejected with an IoError that names the file. (The
// edge-list fuzzer has found nothing so far; its inputs would go in tests/fuzz/regressions/edge_list.)
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz/graph_load.h"
#include "io/text_formats.h"

namespace vgae::io {
namespace {

std::vector<std::string> SavedInputs(const std::string& target) {
  const std::filesystem::path dir = std::filesystem::path(VGAE_TEST_DATA_DIR) / "../fuzz/regressions" / target;
  std::vector<std::string> paths;
  if (std::filesystem::exists(dir))
    for (const auto& entry : std::filesystem::directory_iterator(dir)) paths.push_back(entry.path().string());
  return paths;
}

template <typename F>
void ExpectIoErrorNamingFile(const std::string& path, F&& read) {
  try {
    read();
    ADD_FAILURE() << path << ": accepted, expected an IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(FuzzRegressions, SavedMatrixMarketInputsRaiseIoError) {
  const auto paths = SavedInputs("matrix_market");
  EXPECT_FALSE(paths.empty());
  for (const auto& path : paths) ExpectIoErrorNamingFile(path, [&] { ReadMatrixMarket(path); });
}

TEST(FuzzRegressions, SavedGraphFilesFailOnlyWithIoError) {
  const auto paths = SavedInputs("graph_file");
  EXPECT_FALSE(paths.empty());
  for (const auto& path : paths) {
    int failures = 0;
    EXPECT_NO_THROW(failures = fuzz::LoadGraphFileEveryWay(path)) << path;
    EXPECT_GE(failures, 1) << path << ": every read path accepted the file";
  }
}

TEST(FuzzRegressions, FullGraphFileSeedLoadsEveryWay) {
  // The fuzz seed made by prep, split and partition --parts 2 with features: the checks added for the saved
  // inputs must not reject a valid file.
  const std::string full = std::string(VGAE_TEST_DATA_DIR) + "/../fuzz/corpus/graph_file/split_partition_features.hdf5";
  EXPECT_EQ(fuzz::LoadGraphFileEveryWay(full), 0);
}

}  // namespace
}  // namespace vgae::io
