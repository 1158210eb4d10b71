// Bad input on the vgae_dist command surface, end to end: every case must exit non-zero within the time limit
// (a hanging rank fails instead of hanging ctest), print a message that names what is wrong (file, dataset,
// expected vs found, the command that fixes it), and leave neither the requested output nor any "*.partial".
// One positive control shows that a good run at 2 ranks does write both outputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/command.h"

namespace vgae::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kLimitSeconds = 60;

std::string Fixture(const std::string& name) { return std::string(VGAE_TEST_DATA_DIR) + "/" + name; }
std::string Cora(const std::string& file) { return std::string(VGAE_DATA_DIR) + "/cora/" + file; }

std::vector<std::string> PartialFiles(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".partial") found.push_back(e.path().string());
  return found;
}

// Each test gets its own fresh directory and the helpers to fail and to prepare inputs in it.
class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info->name();  // "Case/0" for parameterized tests
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = FreshDir("bad_input_" + name);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // Runs a command that must fail: non-zero exit (not the timeout's 124), no *.partial left in the directory.
  CommandResult Fails(const std::string& command) {
    auto r = RunCommand(command, kLimitSeconds);
    EXPECT_NE(r.exit_code, 0) << command << "\n" << r.output;
    EXPECT_NE(r.exit_code, 124) << "timed out after " << kLimitSeconds << " s: " << command << "\n" << r.output;
    EXPECT_TRUE(PartialFiles(dir_).empty()) << command << " left " << PartialFiles(dir_).front();
    return r;
  }
  void Succeeds(const std::string& command) {
    const auto r = RunCommand(command, kLimitSeconds);
    ASSERT_EQ(r.exit_code, 0) << command << "\n" << r.output;
  }
  // prep (+ split, + partitions) of an edge list without features into dir/name.
  std::string Prepared(const std::string& edges, const std::string& name, bool split = true) {
    const auto h5 = Path(name);
    Succeeds(Binary() + " prep --edges " + edges + " --out " + h5);
    if (split) Succeeds(Binary() + " split " + h5 + " --val 0 --test 0 --seed 1");
    return h5;
  }
  std::string PreparedCora(std::initializer_list<int> parts) {
    const auto h5 = Path("cora.h5");
    Succeeds(Binary() + " prep --edges " + Cora("edges.txt") + " --features " + Cora("features.mtx") + " --out " + h5);
    Succeeds(Binary() + " split " + h5 + " --seed 1");
    for (int k : parts) Succeeds(Binary() + " partition " + h5 + " --parts " + std::to_string(k));
    return h5;
  }
  // Edits an HDF5 file with h5py (the only way to make a corrupted-but-valid HDF5 file); false when h5py is absent.
  bool EditWithH5py(const std::string& h5, const std::string& python_body) {
    if (RunCommand("/usr/bin/python3 -c \"import h5py\"", kLimitSeconds).exit_code != 0) return false;
    const auto script = Path("edit.py");
    std::ofstream(script) << "import sys, h5py\nf = h5py.File(sys.argv[1], \"r+\")\n" << python_body << "\nf.close()\n";
    const auto r = RunCommand("/usr/bin/python3 " + script + " " + h5, kLimitSeconds);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.exit_code == 0;
  }

  fs::path dir_;
};

// --- 1, 2: prep -------------------------------------------------------------------------------------------

TEST_F(BadInput, PrepNamesMissingEdgesFile) {
  const auto out = Path("g.h5");
  const auto r = Fails(Binary() + " prep --edges " + Path("no_edges.txt") + " --out " + out);
  EXPECT_NE(r.output.find("no_edges.txt: cannot open"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(BadInput, PrepNamesMissingFeaturesFile) {
  const auto out = Path("g.h5");
  const auto r = Fails(Binary() + " prep --edges " + Cora("edges.txt") + " --features " + Path("no_features.mtx") +
                       " --out " + out);
  EXPECT_NE(r.output.find("no_features.mtx: cannot open"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(BadInput, PrepRejectsEdgesBeyondFeatureRows) {
  const auto out = Path("g.h5");
  const auto r = Fails(Binary() + " prep --edges " + Fixture("edges_node9.txt") + " --features " +
                       Fixture("features_5rows.mtx") + " --out " + out);
  for (const char* key : {"edges_node9.txt", "node id 9", "features_5rows.mtx", "has 5 nodes", "0..4"})
    EXPECT_NE(r.output.find(key), std::string::npos) << key << " not in:\n" << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(BadInput, PrepRejectsIdOutOfRangeOfNumNodes) {
  const auto out = Path("g.h5");
  const auto r = Fails(Binary() + " prep --edges " + Fixture("edges_node9.txt") + " --num-nodes 5 --out " + out);
  for (const char* key : {"edges_node9.txt", "node id 9", "--num-nodes", "has 5 nodes"})
    EXPECT_NE(r.output.find(key), std::string::npos) << key << " not in:\n" << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(BadInput, PrepNamesFileAndLineOfMalformedEdge) {
  const auto out = Path("g.h5");
  const auto r = Fails(Binary() + " prep --edges " + Fixture("edges_malformed.txt") + " --out " + out);
  EXPECT_NE(r.output.find("edges_malformed.txt:3:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("'x'"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

// A serial stage fails on rank 0 while the other ranks of the mpirun wait for it: all must end.
TEST_F(BadInput, PrepFailureUnderMpirunEndsEveryRank) {
  const auto out = Path("g.h5");
  const auto r = Fails(Mpirun(2) + " prep --edges " + Path("no_edges.txt") + " --out " + out);
  EXPECT_NE(r.output.find("[rank 0] error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no_edges.txt"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

// --- 3: split / partition / train on a missing, non-HDF5 or incomplete file ------------------------------

class EveryStage : public BadInput, public ::testing::WithParamInterface<std::string> {
 protected:
  std::string StageCommand(const std::string& h5) const {
    const auto& stage = GetParam();
    if (stage == "partition") return Binary() + " partition " + h5 + " --parts 2";
    if (stage == "train") return Binary() + " train " + h5 + " --epochs 1 --out " + Path("e.h5") + " --metrics " + Path("m.json");
    return Binary() + " split " + h5;
  }
  void ExpectNoTrainOutputs() const {
    EXPECT_FALSE(fs::exists(Path("e.h5")));
    EXPECT_FALSE(fs::exists(Path("m.json")));
  }
};

TEST_P(EveryStage, NamesMissingFile) {
  const auto r = Fails(StageCommand(Path("absent.h5")));
  EXPECT_NE(r.output.find("absent.h5: cannot open: no such file"), std::string::npos) << r.output;
  ExpectNoTrainOutputs();
}

TEST_P(EveryStage, RejectsTextFileAsNotHdf5) {
  const auto h5 = Path("text.h5");
  std::ofstream(h5) << "0 1\n1 2\n";
  const auto r = Fails(StageCommand(h5));
  EXPECT_NE(r.output.find("text.h5: not an HDF5 file"), std::string::npos) << r.output;
  ExpectNoTrainOutputs();
}

TEST_P(EveryStage, NamesMissingDataset) {
  const auto h5 = Prepared(Fixture("graph_5nodes.txt"), "g.h5");
  // Each stage reads a different dataset first: split the full graph, partition and train the training graph.
  const std::string dataset = GetParam() == "split" ? "/graph/indices" : "/split/train_graph/indices";
  if (!EditWithH5py(h5, "del f[\"" + dataset + "\"]")) GTEST_SKIP() << "h5py is not installed for /usr/bin/python3";
  const auto r = Fails(StageCommand(h5));
  EXPECT_NE(r.output.find("g.h5"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(dataset), std::string::npos) << r.output;
  ExpectNoTrainOutputs();
}

INSTANTIATE_TEST_SUITE_P(Stages, EveryStage, ::testing::Values("split", "partition", "train"));

TEST_F(BadInput, TrainBeforeSplitNamesSplitCommand) {
  const auto h5 = Prepared(Fixture("graph_5nodes.txt"), "g.h5", /*split=*/false);
  const auto r = Fails(Binary() + " train " + h5 + " --out " + Path("e.h5") + " --metrics " + Path("m.json"));
  EXPECT_NE(r.output.find("/split/train_graph/indptr"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("vgae_dist split " + h5), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(Path("e.h5")));
  EXPECT_FALSE(fs::exists(Path("m.json")));
}

TEST_F(BadInput, PartitionBeforeSplitNamesSplitCommand) {
  const auto h5 = Prepared(Fixture("graph_5nodes.txt"), "g.h5", /*split=*/false);
  const auto r = Fails(Binary() + " partition " + h5 + " --parts 2");
  EXPECT_NE(r.output.find("vgae_dist split " + h5), std::string::npos) << r.output;
}

// --- 4, 5: partitions and rank counts ---------------------------------------------------------------------

TEST_F(BadInput, TrainAt2RanksWithOnlyPartitionFor4NamesPartitionCommand) {
  const auto h5 = PreparedCora({4});
  const auto r = Fails(Mpirun(2) + " train " + h5 + " --epochs 5 --out " + Path("e.h5") + " --metrics " + Path("m.json"));
  for (const std::string& key : {std::string("no partition for 2 ranks"), std::string("/partition/k2/part"),
                                "vgae_dist partition " + h5 + " --parts 2"})
    EXPECT_NE(r.output.find(key), std::string::npos) << key << " not in:\n" << r.output;
  EXPECT_FALSE(fs::exists(Path("e.h5")));
  EXPECT_FALSE(fs::exists(Path("m.json")));
}

TEST_F(BadInput, PartitionRejectsMorePartsThanNodes) {
  const auto h5 = Prepared(Fixture("graph_5nodes.txt"), "g.h5");
  for (const char* method : {"metis", "hash", "block", "ptscotch"}) {
    const auto r = Fails(Binary() + " partition " + h5 + " --parts 8 --method " + method);
    for (const char* key : {"5 nodes", "8 parts", "parts <= 5"})
      EXPECT_NE(r.output.find(key), std::string::npos) << method << ": " << key << " not in:\n" << r.output;
  }
  const auto r = Fails(Binary() + " partition " + h5 + " --parts 0");
  EXPECT_NE(r.output.find("0 parts"), std::string::npos) << r.output;
}

TEST_F(BadInput, TrainRejectsMoreRanksThanNodes) {
  const auto h5 = Prepared(Fixture("graph_3nodes.txt"), "g.h5");
  const auto r = Fails(Mpirun(4) + " train " + h5 + " --epochs 1 --out " + Path("e.h5") + " --metrics " + Path("m.json"));
  EXPECT_NE(r.output.find("g.h5: 4 ranks for a graph of 3 nodes"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(Path("e.h5")));
  EXPECT_FALSE(fs::exists(Path("m.json")));
}

// --- 6: flags ---------------------------------------------------------------------------------------------

TEST_F(BadInput, TrainRejectsBadFlagsWithTheirValues) {
  const auto h5 = Prepared(Fixture("graph_5nodes.txt"), "g.h5");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--model foo", "--model must be vgae or gae, not 'foo'"},
      {"--loss foo", "--loss must be sampled or dense, not 'foo'"},
      {"--neg-ratio 0", "--neg-ratio must be at least 1, found 0"},
      {"--hidden -1", "--hidden must be at least 1, found -1"},
      {"--lr 0", "--lr must be a positive finite number, found 0"},
      {"--features foo", "--features must be stored or none, not 'foo'"},
      {"--out " + Path("no_dir/e.h5"), "directory '" + Path("no_dir") + "' does not exist"},
  };
  for (const auto& [flag, message] : cases) {
    const auto r = Fails(Binary() + " train " + h5 + " --epochs 1 --metrics " + Path("m.json") + " " + flag);
    EXPECT_NE(r.output.find(message), std::string::npos) << flag << ": expected '" << message << "' in:\n" << r.output;
    EXPECT_FALSE(fs::exists(Path("m.json"))) << flag;
  }
}

// --- 7: a valid HDF5 file with a corrupted partition --------------------------------------------------------

TEST_F(BadInput, TrainNamesPartitionDatasetHoldingOutOfRangeRank) {
  const auto h5 = Prepared(Fixture("graph_5nodes.txt"), "g.h5");
  Succeeds(Binary() + " partition " + h5 + " --parts 2 --method block");
  if (!EditWithH5py(h5, "d = f[\"/partition/k2/part\"]\na = d[...]\na[3] = 7\nd[...] = a"))
    GTEST_SKIP() << "h5py is not installed for /usr/bin/python3";
  const auto r = Fails(Mpirun(2) + " train " + h5 + " --epochs 1 --out " + Path("e.h5") + " --metrics " + Path("m.json"));
  EXPECT_NE(r.output.find("g.h5: /partition/k2/part holds part 7, expected 0..1"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(Path("e.h5")));
  EXPECT_FALSE(fs::exists(Path("m.json")));
}

// Only rank 0 fails, after training, while rank 1 waits in a barrier with the graph file open collectively.
TEST_F(BadInput, MetricsWriteFailureOnRank0EndsEveryRank) {
  const auto h5 = PreparedCora({2});
  fs::create_directory(Path("taken"));
  const auto r = Fails(Mpirun(2) + " train " + h5 + " --epochs 2 --quiet --metrics " + Path("taken"));
  EXPECT_NE(r.output.find("[rank 0] error: " + Path("taken")), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_directory(Path("taken")));
}

// --- 8: positive control ------------------------------------------------------------------------------------

TEST_F(BadInput, GoodTrainAt2RanksWritesBothOutputsAndNoPartial) {
  const auto h5 = PreparedCora({2});
  const auto r = RunCommand(Mpirun(2) + " train " + h5 + " --epochs 5 --quiet --out " + Path("e.h5") + " --metrics " +
                                Path("m.json"),
                            kLimitSeconds);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(Path("e.h5")));
  ASSERT_TRUE(fs::exists(Path("m.json")));
  EXPECT_EQ(ReadJson(Path("m.json"))["ranks"], 2);
  EXPECT_EQ(ReadJson(Path("m.json"))["history"].size(), 5u);
  EXPECT_TRUE(PartialFiles(dir_).empty());
}

}  // namespace
}  // namespace vgae::testing
