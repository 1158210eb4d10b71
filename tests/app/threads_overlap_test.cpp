// Threads and overlap change speed, never results: on Cora, --threads 1, 2 and 3 give bit-identical loss curves
// and embeddings, and at 2 ranks the overlapped halo exchange gives exactly what --no-overlap gives. The perf
// block of the metrics reports what the run did (threads, interior/boundary rows, bytes, hidden fraction).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "app/command.h"
#include "io/embeddings_file.h"

namespace vgae::testing {
namespace {

nlohmann::json Train(const std::string& launcher, const std::string& h5, const std::filesystem::path& dir,
                     const std::string& name, const std::string& flags) {
  const auto metrics = (dir / (name + ".json")).string(), out = (dir / (name + ".h5")).string();
  const auto r = RunCommand(launcher + " train " + h5 + " --model vgae --epochs 20 --seed 5 --quiet --metrics " +
                            metrics + " --out " + out + " " + flags);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return ReadJson(metrics);
}

void ExpectIdenticalRuns(const nlohmann::json& a, const nlohmann::json& b, const std::string& what) {
  ASSERT_EQ(a["history"].size(), b["history"].size());
  for (std::size_t e = 0; e < a["history"].size(); ++e)
    EXPECT_EQ(a["history"][e]["loss"].get<double>(), b["history"][e]["loss"].get<double>()) << what << ", epoch " << e + 1;
  EXPECT_EQ(a["test_auc"].get<double>(), b["test_auc"].get<double>()) << what;
  EXPECT_EQ(a["test_ap"].get<double>(), b["test_ap"].get<double>()) << what;
}

TEST(Threads, CoraRunsAreBitIdenticalAt1To3Threads) {
  const auto dir = FreshDir("threads_cora");
  const auto h5 = PrepareBundled(dir, "cora", 2);
  const auto one = Train(Binary(), h5, dir, "t1", "--threads 1");
  EXPECT_EQ(one["perf"]["threads"], 1);
  for (int t : {2, 3}) {
    // Appended, not "t" + std::to_string(t): GCC 12 warns on that (-Wrestrict, a false positive).
    const std::string count = std::to_string(t);
    std::string name = "t", flags = "--threads ";
    name += count;
    flags += count;
    const auto many = Train(Binary(), h5, dir, name, flags);
    EXPECT_EQ(many["perf"]["threads"], t);
    ExpectIdenticalRuns(one, many, count + " threads");
    const io::EmbeddingsReader a((dir / "t1.h5").string()), b((dir / (name + ".h5")).string());
    EXPECT_TRUE((a.ReadMuRows(0, 2708).array() == b.ReadMuRows(0, 2708).array()).all()) << t << " threads: μ differs";
  }
  EXPECT_GT(one["test_auc"].get<double>(), 0.65);  // it learned (20 epochs; chance is 0.5)
  std::filesystem::remove_all(dir);
}

TEST(Overlap, TwoRanksOverlappedEqualsBlockingAndReportsTheExchange) {
  const auto dir = FreshDir("overlap_cora");
  const auto h5 = PrepareBundled(dir, "cora", 2);
  ASSERT_EQ(RunCommand(Binary() + " partition " + h5 + " --parts 2").exit_code, 0);
  const auto overlapped = Train(Mpirun(2), h5, dir, "overlap", "--threads 1");
  const auto blocking = Train(Mpirun(2), h5, dir, "blocking", "--threads 1 --no-overlap");
  ExpectIdenticalRuns(overlapped, blocking, "overlap vs --no-overlap");
  const auto& p = overlapped["perf"];
  EXPECT_EQ(p["overlap"], true);
  EXPECT_EQ(blocking["perf"]["overlap"], false);
  EXPECT_EQ(p["ranks"], 2);
  EXPECT_EQ(p["interior_rows"].get<std::int64_t>() + p["boundary_rows"].get<std::int64_t>(), 2708);
  EXPECT_GT(p["boundary_rows"].get<std::int64_t>(), 0);
  ASSERT_EQ(p["halo_bytes_per_epoch"].size(), 2u);
  // Each rank's own work, whose largest is the breakdown's compute.
  ASSERT_EQ(p["compute_ms_per_rank"].size(), 2u);
  const double rank0 = p["compute_ms_per_rank"][0].get<double>(), rank1 = p["compute_ms_per_rank"][1].get<double>();
  EXPECT_GT(std::min(rank0, rank1), 0.0);
  EXPECT_DOUBLE_EQ(std::max(rank0, rank1), p["breakdown_ms"]["compute"].get<double>());
  for (int r = 0; r < 2; ++r) {
    EXPECT_GT(p["halo_bytes_per_epoch"][r].get<std::int64_t>(), 0) << r;
    EXPECT_GT(p["negative_bytes_per_epoch"][r].get<std::int64_t>(), 0) << r;
    EXPECT_GT(p["peak_rss_mb"][r].get<double>(), 1.0) << r;
    // Cora's matrices are below the huge-page advice's 4 MiB, but the figure is read (smaps_rollup) and reported.
    EXPECT_GE(p["huge_pages_mb"][r].get<double>(), 0.0) << r;
    EXPECT_LT(p["huge_pages_mb"][r].get<double>(), p["peak_rss_mb"][r].get<double>()) << r;
  }
  // What the graph cost above the runtime: Cora's shard, matrices and pairs, a few hundred bytes to a few KiB per
  // node (the runtime itself, MPI and HDF5, is about 28 MiB per rank and is not counted).
  for (int r = 0; r < 2; ++r) {
    EXPECT_GT(p["runtime_rss_mb"][r].get<double>(), 1.0) << r;
    EXPECT_LT(p["runtime_rss_mb"][r].get<double>(), p["peak_rss_mb"][r].get<double>()) << r;
  }
  const double per_node = p["bytes_per_node"].get<double>(), per_edge = p["bytes_per_train_edge"].get<double>();
  double graph_bytes = 0.0;
  for (int r = 0; r < 2; ++r)
    graph_bytes += (p["peak_rss_mb"][r].get<double>() - p["runtime_rss_mb"][r].get<double>()) * 1048576.0;
  EXPECT_NEAR(per_node, graph_bytes / 2708.0, 1e-6 * per_node);  // Cora's 2708 nodes
  EXPECT_GT(per_node, 100.0);
  EXPECT_LT(per_node, 16384.0);
  // About 85 % of Cora's 5278 edges train, so an edge costs 2708 / 4486 of a node (the split rounds).
  EXPECT_NEAR(per_edge, graph_bytes / 4486.0, 0.002 * per_edge);
  EXPECT_GT(p["halo_ms_blocking_equivalent"].get<double>(), 0.0);
  EXPECT_GE(p["halo_hidden_fraction"].get<double>(), 0.0);
  EXPECT_LE(p["halo_hidden_fraction"].get<double>(), 1.0);
  // The exchange's time split into packing the sent rows and the transfer, in the epochs and timed blocking.
  EXPECT_GT(p["halo_pack_ms"].get<double>(), 0.0);
  EXPECT_LE(p["halo_pack_ms"].get<double>(), p["halo_wait_ms"].get<double>());
  EXPECT_GT(p["halo_blocking_pack_ms"].get<double>(), 0.0);
  EXPECT_LT(p["halo_blocking_pack_ms"].get<double>(), p["halo_ms_blocking_equivalent"].get<double>());
  EXPECT_GE(p["halo_transfer_hidden_fraction"].get<double>(), 0.0);
  EXPECT_LE(p["halo_transfer_hidden_fraction"].get<double>(), 1.0);
  // Waiting on the slower rank taken out (both ranks on this host, so it is known): never more than the wait, and
  // what is left of the exchange is hidden at least as well.
  EXPECT_GE(p["halo_peer_late_ms"].get<double>(), 0.0);
  EXPECT_LE(p["halo_peer_late_ms"].get<double>(), p["halo_wait_ms"].get<double>());
  EXPECT_GE(p["halo_hidden_fraction_less_peer_late"].get<double>(), p["halo_hidden_fraction"].get<double>());
  EXPECT_LE(p["halo_hidden_fraction_less_peer_late"].get<double>(), 1.0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vgae::testing
