// prep end to end on real and generated inputs: the SNAP email-Enron download (.gz) gives exactly the
// dataset's edges.txt and node_ids.txt; arbitrary ids are renumbered in ascending order with labels following
// them; .npy and HDF5 features land in /features/dense; Cora keeps ids 0..N-1 and the graph an independent
// std::set oracle builds; and mpirun with 1, 2 and 4 ranks writes the same datasets as one process.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/command.h"
#include "core/graph_build.h"
#include "core/node_order.h"
#include "io/format.h"
#include "io/graph_file.h"
#include "testing/h5_compare.h"
#include "testing/temp_files.h"

namespace vgae::testing {
namespace {

namespace fs = std::filesystem;
const std::string kEnron = "/work/shared/datasets/email-enron";


class PrepImport : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = FreshDir(std::string("prep_import_") + ::testing::UnitTest::GetInstance()->current_test_info()->name()); }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string File(const std::string& name, const std::string& content) const {
    std::ofstream(Path(name), std::ios::binary) << content;
    return Path(name);
  }
  // Runs a command that must succeed; returns its output.
  std::string Run(const std::string& command) {
    const auto r = RunCommand(command, 300);
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.output;
    return r.output;
  }
  fs::path dir_;
};

TEST_F(PrepImport, EnronGzipGivesTheDatasetsEdgesAndNodeIds) {
  if (!fs::exists(kEnron + "/raw/email-Enron.txt.gz")) GTEST_SKIP() << "no " << kEnron;
  const auto out = Path("enron.h5");
  Run(Binary() + " prep --edges " + kEnron + "/raw/email-Enron.txt.gz --out " + out);
  const auto f = io::OpenGraphFile(out, false);
  const auto g = io::ReadGraph(f);
  EXPECT_EQ(g.rows, 36692);
  EXPECT_EQ(g.Nnz(), 2 * 183831);
  EXPECT_EQ(f.GetAttr<std::int64_t>("/", io::names::kNumEdgesAttr), 183831);
  const auto upper = core::UpperEdges(g.View());
  const auto expected = DataLines(kEnron + "/edges.txt");
  ASSERT_EQ(upper.size(), 2 * expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k)
    ASSERT_EQ(std::to_string(upper[2 * k]) + " " + std::to_string(upper[2 * k + 1]), expected[k]) << "edge " << k;
  const auto ids = f.ReadAll<std::int64_t>(io::names::kOriginalId);
  const auto node_ids = DataLines(kEnron + "/node_ids.txt");
  ASSERT_EQ(ids.size(), node_ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(std::to_string(ids[i]), node_ids[i]) << "node " << i;
}

TEST_F(PrepImport, ArbitraryIdsAreRenumberedAndLabelsFollowThem) {
  const auto edges = File("e.txt", "# ids with gaps\n1000\t30\r\n30 7\r\n7 1000\r\n30 30\r\n1000 30\r\n");
  std::string labels;
  for (int i = 0; i <= 1000; ++i) labels += std::to_string(i % 7) + "\n";
  Run(Binary() + " prep --edges " + edges + " --labels " + File("l.txt", labels) + " --out " + Path("g.h5"));
  const auto f = io::OpenGraphFile(Path("g.h5"), false);
  EXPECT_EQ(f.ReadAll<std::int64_t>(io::names::kOriginalId), (std::vector<std::int64_t>{7, 30, 1000}));
  EXPECT_EQ(f.ReadAll<std::int32_t>(io::names::kNodeLabel), (std::vector<std::int32_t>{7 % 7, 30 % 7, 1000 % 7}));
  const auto g = io::ReadGraph(f);
  EXPECT_EQ(g.indptr, (std::vector<std::int64_t>{0, 2, 4, 6}));
  EXPECT_EQ(g.indices, (std::vector<std::int64_t>{1, 2, 0, 2, 0, 1}));
  // A labels file that does not reach the largest original id is an error naming it.
  const auto r = RunCommand(Binary() + " prep --edges " + edges + " --labels " + File("short.txt", "1\n2\n") +
                            " --out " + Path("h.h5"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("short.txt: has 2 labels, but the edge list names original id 1000"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(Path("h.h5")));
}

TEST_F(PrepImport, NpyAndHdf5FeaturesAreStoredDenseByOriginalId) {
  const auto edges = File("e.txt", "0 1\n2 1\n");
  // float64 (3, 2) written as numpy.save does.
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }";
  while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  const std::vector<double> x = {1, 2, 3, 4, 5, 6};
  const std::string npy = std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(dict.size()) + '\0' + dict +
                          std::string(reinterpret_cast<const char*>(x.data()), x.size() * sizeof(double));
  Run(Binary() + " prep --edges " + edges + " --features " + File("x.npy", npy) + " --out " + Path("a.h5"));
  {
    auto h5 = io::H5File::Open(Path("x.h5"), io::H5File::Mode::kCreate);
    h5.Write<double>("/feat/x", x, {3, 2});
    h5.Close();
  }
  Run(Binary() + " prep --edges " + edges + " --features " + Path("x.h5") + ":/feat/x --out " + Path("b.h5"));
  for (const char* name : {"a.h5", "b.h5"}) {
    const auto f = io::OpenGraphFile(Path(name), false);
    EXPECT_EQ(f.Dims(io::names::kFeaturesDense), (std::vector<hsize_t>{3, 2})) << name;
    EXPECT_EQ(f.ReadAll<float>(io::names::kFeaturesDense), (std::vector<float>{1, 2, 3, 4, 5, 6})) << name;
    EXPECT_EQ(f.ReadAll<std::int64_t>(io::names::kOriginalId), (std::vector<std::int64_t>{0, 1, 2})) << name;
  }
  EXPECT_EQ(H5Difference(Path("a.h5"), Path("b.h5"), {"prep_config"}), "");
  // Dense rows follow the nodes under --node-order rcm: the path 0-1-2 walked from node 0 (least degree, lowest
  // id) is 0, 1, 2; reversed, new node i is original id 2 - i.
  Run(Binary() + " prep --node-order rcm --edges " + edges + " --features " + Path("x.h5") + ":/feat/x --out " +
      Path("c.h5"));
  const auto c = io::OpenGraphFile(Path("c.h5"), false);
  EXPECT_EQ(c.ReadAll<std::int64_t>(io::names::kOriginalId), (std::vector<std::int64_t>{2, 1, 0}));
  EXPECT_EQ(c.ReadAll<float>(io::names::kFeaturesDense), (std::vector<float>{5, 6, 3, 4, 1, 2}));
}

// Feature row r belongs to original id r: with features, every row is a node (id 1 below has no edge and stays,
// isolated); without them, only the ids of the edge list are nodes.
TEST_F(PrepImport, FeatureRowsFixTheNodesByOriginalId) {
  const auto edges = File("e.txt", "2 0\n");
  Run(Binary() + " prep --edges " + edges + " --features " +
      File("f.mtx", "%%MatrixMarket matrix array real general\n3 1\n10\n11\n12\n") + " --out " + Path("f.h5"));
  const auto f = io::OpenGraphFile(Path("f.h5"), false);
  EXPECT_EQ(f.ReadAll<std::int64_t>(io::names::kOriginalId), (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(f.ReadAll<float>(io::names::kFeaturesData), (std::vector<float>{10, 11, 12}));
  EXPECT_EQ(io::ReadGraph(f).indptr, (std::vector<std::int64_t>{0, 1, 1, 2}));
  Run(Binary() + " prep --edges " + edges + " --out " + Path("n.h5"));
  const auto n = io::OpenGraphFile(Path("n.h5"), false);
  EXPECT_EQ(n.ReadAll<std::int64_t>(io::names::kOriginalId), (std::vector<std::int64_t>{0, 2}));
  EXPECT_EQ(io::ReadGraph(n).indices, (std::vector<std::int64_t>{1, 0}));
}

// Cora with features: no renumbering (ids 0..2707 stay), and the adjacency an independent set-based build gives.
TEST_F(PrepImport, CoraKeepsIdsAndMatchesASetOracle) {
  const std::string cora = std::string(VGAE_DATA_DIR) + "/cora";
  Run(Binary() + " prep --edges " + cora + "/edges.txt --features " + cora + "/features.mtx --out " + Path("c.h5"));
  const auto f = io::OpenGraphFile(Path("c.h5"), false);
  const auto ids = f.ReadAll<std::int64_t>(io::names::kOriginalId);
  ASSERT_EQ(ids.size(), 2708u);
  for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(ids[i], static_cast<std::int64_t>(i));
  std::vector<std::set<std::int64_t>> adj(2708);
  std::ifstream in(cora + "/edges.txt");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::int64_t u = 0, v = 0;
    std::istringstream(line) >> u >> v;
    if (u != v) adj[u].insert(v), adj[v].insert(u);
  }
  const auto g = io::ReadGraph(f);
  for (std::int64_t u = 0; u < 2708; ++u)
    ASSERT_EQ(std::vector<std::int64_t>(g.indices.begin() + g.indptr[u], g.indices.begin() + g.indptr[u + 1]),
              std::vector<std::int64_t>(adj[u].begin(), adj[u].end())) << "row " << u;
}

// --node-order rcm: node i of the ordered file is the natural file's node original_id[i], with the same
// neighbours, feature row and label; neighbours are nearer; mpirun refuses the order (it needs the whole graph in
// one process) before writing anything; and the ordered file trains to the same quality.
TEST_F(PrepImport, RcmOrderRenamesCoraAndEverythingFollowsTheNodes) {
  const std::string cora = std::string(VGAE_DATA_DIR) + "/cora";
  const std::string args = " --edges " + cora + "/edges.txt --features " + cora + "/features.mtx --labels " + cora +
                           "/labels.txt --out ";
  Run(Binary() + " prep" + args + Path("natural.h5") + " --quiet");
  const auto summary = Run(Binary() + " prep --node-order rcm" + args + Path("rcm.h5"));
  EXPECT_NE(summary.find("nodes in reverse Cuthill-McKee order"), std::string::npos) << summary;
  std::vector<std::int64_t> ids;
  {  // closed before split opens the file for writing
    const auto a = io::OpenGraphFile(Path("natural.h5"), false), b = io::OpenGraphFile(Path("rcm.h5"), false);
    ids = b.ReadAll<std::int64_t>(io::names::kOriginalId);
    ASSERT_EQ(ids.size(), 2708u);
    EXPECT_EQ(std::set<std::int64_t>(ids.begin(), ids.end()).size(), 2708u);
    EXPECT_FALSE(std::is_sorted(ids.begin(), ids.end()));
    const auto ga = io::ReadGraph(a), gb = io::ReadGraph(b);
    const auto fa_ptr = a.ReadAll<std::int64_t>(io::names::kFeaturesIndptr);
    const auto fb_ptr = b.ReadAll<std::int64_t>(io::names::kFeaturesIndptr);
    const auto fa_idx = a.ReadAll<std::int32_t>(io::names::kFeaturesIndices);
    const auto fb_idx = b.ReadAll<std::int32_t>(io::names::kFeaturesIndices);
    const auto fa_val = a.ReadAll<float>(io::names::kFeaturesData), fb_val = b.ReadAll<float>(io::names::kFeaturesData);
    const auto la = a.ReadAll<std::int32_t>(io::names::kNodeLabel), lb = b.ReadAll<std::int32_t>(io::names::kNodeLabel);
    // Entries [ptr[row], ptr[row + 1]) of v.
    const auto row_of = [](const auto& v, const std::vector<std::int64_t>& ptr, std::int64_t row) {
      return std::vector<typename std::decay_t<decltype(v)>::value_type>(v.begin() + ptr[row], v.begin() + ptr[row + 1]);
    };
    for (std::int64_t i = 0; i < 2708; ++i) {
      const auto o = ids[static_cast<std::size_t>(i)];
      std::set<std::int64_t> named_back;
      for (auto k = gb.indptr[i]; k < gb.indptr[i + 1]; ++k)
        named_back.insert(ids[static_cast<std::size_t>(gb.indices[k])]);
      const auto expected = row_of(ga.indices, ga.indptr, o);
      ASSERT_EQ(named_back, std::set<std::int64_t>(expected.begin(), expected.end())) << i << " (original " << o << ")";
      ASSERT_EQ(row_of(fb_idx, fb_ptr, i), row_of(fa_idx, fa_ptr, o)) << "feature columns of " << i;
      ASSERT_EQ(row_of(fb_val, fb_ptr, i), row_of(fa_val, fa_ptr, o)) << "feature values of " << i;
      ASSERT_EQ(lb[static_cast<std::size_t>(i)], la[static_cast<std::size_t>(o)]) << "label of " << i;
    }
    // 837 -> 312 mean |i - j| when this was written
    EXPECT_LT(core::Spread(gb.View()).mean_distance, 0.5 * core::Spread(ga.View()).mean_distance);
  }

  const auto refused = RunCommand(Mpirun(2) + " prep --node-order rcm" + args + Path("parallel.h5"));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("--node-order rcm orders the whole graph in one process"), std::string::npos)
      << refused.output;
  EXPECT_FALSE(fs::exists(Path("parallel.h5")));

  Run(Binary() + " split " + Path("rcm.h5") + " --quiet");
  Run(Binary() + " train " + Path("rcm.h5") + " --quiet --threads 1 --out " + Path("emb.h5") + " --metrics " +
      Path("m.json"));
  const auto metrics = nlohmann::json::parse(std::ifstream(Path("m.json")));
  EXPECT_GT(metrics["test_auc"].get<double>(), 0.88);
  EXPECT_EQ(io::OpenGraphFile(Path("emb.h5"), false).ReadAll<std::int64_t>(io::names::kOriginalId), ids);
}

// mpirun -n K prep writes the same datasets as one process (prep_config names the output, so it differs).
TEST_F(PrepImport, MpirunWritesTheSameDatasetsAtOneTwoAndFourRanks) {
  std::string text = "# generated: CRLF, tabs, comments, self-loops, duplicates, ids with gaps\r\n";
  for (std::int64_t i = 0; i < 40000; ++i) {
    const std::int64_t u = (i * 2654435761) % 100003 * 1000, v = (i * 40503 + 7) % 100003 * 1000;
    text += std::to_string(u) + (i % 2 ? "\t" : " ") + std::to_string(i % 97 ? v : u) + (i % 3 ? "\n" : "\r\n");
    if (i % 5000 == 0) text += "% comment\n\n";
  }
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"generated", " --edges " + File("gen.txt", text)},
      {"cora", " --edges " + std::string(VGAE_DATA_DIR) + "/cora/edges.txt --features " + VGAE_DATA_DIR +
                   "/cora/features.mtx --labels " + VGAE_DATA_DIR + "/cora/labels.txt"},
      {"enron.gz", " --edges " + kEnron + "/raw/email-Enron.txt.gz"},
  };
  for (const auto& [name, args] : inputs) {
    // The summary's counts (after "<file>: ") agree too: nodes, edges, self-loops, duplicates, reverse pairs.
    const auto counts = [](const std::string& output) {
      const auto summary = Lines(output).back();
      return summary.substr(summary.find(".h5: ") + 5);
    };
    const auto serial = Path(name + ".h5");
    const auto expected = counts(Run(Binary() + " prep" + args + " --out " + serial));
    for (const int ranks : {1, 2, 4}) {
      const auto parallel = Path(name + "-" + std::to_string(ranks) + ".h5");
      EXPECT_EQ(counts(Run(Mpirun(ranks) + " prep" + args + " --out " + parallel)), expected) << name << " at " << ranks;
      EXPECT_EQ(H5Difference(serial, parallel, {"prep_config"}), "") << name << " at " << ranks << " ranks";
    }
  }
}

}  // namespace
}  // namespace vgae::testing
