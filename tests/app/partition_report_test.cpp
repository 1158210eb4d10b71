// partition --report and --method ptscotch end to end on Cora's training graph: the JSON report agrees with
// the stored partition and with the traffic formula, Markdown output is the table alone, and PT-Scotch at 1, 2
// and 4 processes stores a valid partition whose cut is far below hash's, which train then runs on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/command.h"
#include "io/h5.h"

namespace vgae::testing {
namespace {

class PartitionReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = FreshDir("partition_report");
    h5_ = PrepareBundled(dir_, "cora", 1);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::vector<nlohmann::json> JsonReport(const std::string& command) {
    const auto r = RunCommand(command);
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.output;
    std::vector<nlohmann::json> rows;
    for (const auto& line : Lines(r.output)) rows.push_back(nlohmann::json::parse(line));  // JSON lines only
    return rows;
  }
  static std::vector<std::int32_t> StoredPart(int parts) {
    return io::H5File::Open(h5_, io::H5File::Mode::kRead).ReadAll<std::int32_t>("/partition/k" + std::to_string(parts) + "/part");
  }
  static std::string Attr(int parts, const std::string& name) {
    return io::H5File::Open(h5_, io::H5File::Mode::kRead)
        .GetStringAttr("/partition/k" + std::to_string(parts), name)
        .value_or("");
  }
  static std::int64_t EdgeCutAttr(int parts) {
    return io::H5File::Open(h5_, io::H5File::Mode::kRead)
        .GetAttr<std::int64_t>("/partition/k" + std::to_string(parts), "edge_cut")
        .value_or(-1);
  }
  static inline std::filesystem::path dir_;
  static inline std::string h5_;
};

TEST_F(PartitionReport, JsonRowsMatchTheStoredPartitionsAndTheTrafficFormula) {
  const auto rows = JsonReport(Binary() + " partition " + h5_ + " --parts 2,4,8 --report --report-format json");
  ASSERT_EQ(rows.size(), 3u);
  const int ks[] = {2, 4, 8};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const int k = ks[i];
    EXPECT_EQ(r["graph"], "cora");
    EXPECT_EQ(r["method"], "metis");
    EXPECT_EQ(r["parts"], k);
    EXPECT_EQ(r["nodes"], 2708);
    EXPECT_EQ(r["edge_cut"].get<std::int64_t>(), EdgeCutAttr(k)) << k;  // what partition stored
    EXPECT_EQ(Attr(k, "method"), "metis");
    EXPECT_EQ(StoredPart(k).size(), 2708u);
    // Every halo row has one sender: the mean sent is the mean halo times 128 floats (VGAE 32/16) of 4 bytes.
    EXPECT_NEAR(r["send_bytes_per_epoch_mean"].get<double>(), r["halo_mean"].get<double>() * 512, 1e-6);
    EXPECT_GE(r["send_bytes_per_epoch_max"].get<double>(), r["send_bytes_per_epoch_mean"].get<double>());
    EXPECT_EQ(r["send_bytes_per_epoch_max"].get<std::int64_t>() % 512, 0);
    EXPECT_GT(r["halo_max"].get<std::int64_t>(), 0);
    EXPECT_GE(r["seconds"].get<double>(), 0.0);
    EXPECT_GT(r["peak_mib"].get<double>(), 1.0);
    EXPECT_LE(r["imbalance"].get<double>(), 1.1);
  }
  // The same METIS partition (seeded) counted for GAE with hidden 8, latent 4: 2 * (8 + 4) = 24 floats a row.
  const auto gae = JsonReport(Binary() + " partition " + h5_ +
                              " --parts 4 --report --report-format json --model gae --hidden 8 --latent 4");
  ASSERT_EQ(gae.size(), 1u);
  EXPECT_EQ(gae[0]["edge_cut"], rows[1]["edge_cut"]);
  EXPECT_EQ(gae[0]["send_bytes_per_epoch_max"].get<std::int64_t>() * 512,
            rows[1]["send_bytes_per_epoch_max"].get<std::int64_t>() * 96);
  EXPECT_EQ(gae[0]["model"], "gae");
}

TEST_F(PartitionReport, MarkdownIsTheTableAloneAndTextFollowsTheProgress) {
  const auto md = RunCommand(Binary() + " partition " + h5_ + " --parts 2,4 --method hash --report --report-format markdown");
  ASSERT_EQ(md.exit_code, 0) << md.output;
  const auto lines = Lines(md.output);
  ASSERT_EQ(lines.size(), 6u) << md.output;  // header, rule, 2 rows, blank, note
  EXPECT_TRUE(lines[0].starts_with("| graph | method | K | edge cut | cut % | halo max")) << lines[0];
  EXPECT_TRUE(lines[2].starts_with("| cora | hash | 2 | ")) << lines[2];
  EXPECT_TRUE(lines[3].starts_with("| cora | hash | 4 | ")) << lines[3];
  EXPECT_NE(lines[5].find("128 floats per row"), std::string::npos) << lines[5];
  const auto text = RunCommand(Binary() + " partition " + h5_ + " --parts 3 --method block --report");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("partition: reading the training graph"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("cora   block   3"), std::string::npos) << text.output;
  const auto bad = RunCommand(Binary() + " partition " + h5_ + " --parts 2 --report --report-format csv");
  EXPECT_NE(bad.exit_code, 0) << bad.output;
  EXPECT_NE(bad.output.find("--report-format"), std::string::npos) << bad.output;
}

TEST_F(PartitionReport, PtScotchAtOneTwoAndFourProcessesPartitionsValidlyAndTrainRunsOnIt) {
  const auto hash = JsonReport(Binary() + " partition " + h5_ + " --parts 4 --method hash --report --report-format json");
  ASSERT_EQ(hash.size(), 1u);
  const auto hash_cut = hash[0]["edge_cut"].get<std::int64_t>();
  for (const int processes : {1, 2, 4}) {
    // One process runs without mpirun too (MPI is initialised as a singleton).
    const auto launcher = processes == 1 ? Binary() : Mpirun(processes);
    const auto rows = JsonReport(launcher + " partition " + h5_ + " --parts 4 --method ptscotch --report --report-format json");
    ASSERT_EQ(rows.size(), 1u) << processes << " processes";
    const auto cut = rows[0]["edge_cut"].get<std::int64_t>();
    EXPECT_EQ(rows[0]["method"], "ptscotch");
    EXPECT_LT(cut * 5, hash_cut) << processes << " processes: ptscotch " << cut << ", hash " << hash_cut;
    EXPECT_EQ(EdgeCutAttr(4), cut);
    EXPECT_EQ(Attr(4, "method"), "ptscotch");
    const auto part = StoredPart(4);
    ASSERT_EQ(part.size(), 2708u);
    std::vector<int> sizes(4, 0);
    for (const auto p : part) {
      ASSERT_TRUE(p >= 0 && p < 4) << p;
      ++sizes[p];
    }
    for (const int s : sizes) EXPECT_GT(s, 0) << processes << " processes";
    std::printf("[ ptscotch ] %d processes: cut %lld (hash %lld), imbalance %.3f\n", processes,
                static_cast<long long>(cut), static_cast<long long>(hash_cut), rows[0]["imbalance"].get<double>());
  }
  const auto metrics = (dir_ / "ptscotch_metrics.json").string();
  const auto train = RunCommand(Mpirun(4) + " train " + h5_ + " --epochs 20 --quiet --metrics " + metrics);
  ASSERT_EQ(train.exit_code, 0) << train.output;
  const auto m = ReadJson(metrics);
  EXPECT_EQ(m["ranks"], 4);
  EXPECT_GT(m["test_auc"].get<double>(), 0.6) << m.dump();
}

TEST_F(PartitionReport, EveryKIsCheckedBeforeAnyIsPartitioned) {
  for (const auto& launcher : {Binary(), Mpirun(2)}) {
    for (const std::string method : {"metis", "ptscotch"}) {
      if (method == "metis" && launcher != Binary()) continue;
      const auto r = RunCommand(launcher + " partition " + h5_ + " --parts 5,3000 --method " + method, 120);
      EXPECT_NE(r.exit_code, 0) << r.output;
      EXPECT_NE(r.output.find("cannot partition 2708 nodes into 3000 parts"), std::string::npos) << r.output;
      // The valid K = 5 came first but was not partitioned or stored: a failed stage leaves no output.
      const auto f = io::H5File::Open(h5_, io::H5File::Mode::kRead);
      EXPECT_FALSE(f.Exists("/partition/k5")) << method;
      EXPECT_FALSE(f.Exists("/partition/k3000")) << method;
    }
  }
}

}  // namespace
}  // namespace vgae::testing
