// Checkpoint/resume, the divergence guard and the memory check, end to end on Cora (docs/FAULT_TOLERANCE.md).
// Crashes are injected with the test hooks (rank 0 exits half-way through writing a checkpoint; a NaN gradient
// at a chosen epoch). Signal and SIGKILL tests need process control and take longer: scripts/fault_tests.sh.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "app/command.h"
#include "io/h5.h"

namespace vgae::testing {
namespace {

std::string Train(int ranks, const std::string& h5, const std::string& extra) {
  return Mpirun(ranks) + " train " + h5 + " --epochs 40 --seed 3 --quiet " + extra;
}

std::vector<float> ReadFloats(const std::string& path, const char* dataset) {
  return io::H5File::Open(path, io::H5File::Mode::kRead).ReadAll<float>(dataset);
}

std::string FileBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<double> Losses(const nlohmann::json& m) {
  std::vector<double> l;
  for (const auto& e : m["history"]) l.push_back(e["loss"]);
  return l;
}

class FaultTolerance : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = FreshDir("fault_tolerance");
    h5_ = PrepareBundled(dir_, "cora", 1);
    for (int k : {2, 4}) ASSERT_EQ(RunCommand(Binary() + " partition " + h5_ + " --parts " + std::to_string(k)).exit_code, 0);
    // The uninterrupted reference at 2 ranks.
    const auto r = RunCommand(Train(2, h5_, "--out " + Path("ref.h5") + " --metrics " + Path("ref.json")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::string Path(const std::string& name) { return (dir_ / name).string(); }

  static std::filesystem::path dir_;
  static std::string h5_;
};
std::filesystem::path FaultTolerance::dir_;
std::string FaultTolerance::h5_;

TEST_F(FaultTolerance, CrashWhileWritingCheckpointResumesFromPreviousOneBitIdentically) {
  const auto ck = Path("ck_crash");
  const auto crash = RunCommand("VGAE_FAULT_INJECT_CHECKPOINT_CRASH_EPOCH=30 " +
                                Train(2, h5_, "--checkpoint-dir " + ck + " --checkpoint-every 10"));
  EXPECT_NE(crash.exit_code, 0) << crash.output;
  EXPECT_NE(crash.output.find("fault injection: exiting while writing"), std::string::npos) << crash.output;
  std::ifstream marker(ck + "/LATEST");
  std::string latest;
  std::getline(marker, latest);
  EXPECT_EQ(latest, "ckpt-000020.h5");  // the checkpoint being written when rank 0 died never committed

  const auto resumed = RunCommand(Train(2, h5_, "--checkpoint-dir " + ck + " --checkpoint-every 10 --resume --out " +
                                                    Path("res.h5") + " --metrics " + Path("res.json")));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming from " + ck + "/ckpt-000020.h5 after epoch 20"), std::string::npos)
      << resumed.output;
  for (const char* d : {"/embedding/mu", "/embedding/logstd"})
    EXPECT_EQ(ReadFloats(Path("ref.h5"), d), ReadFloats(Path("res.h5"), d)) << d;  // exact float equality
  const auto a = ReadJson(Path("ref.json")), b = ReadJson(Path("res.json"));
  for (const char* k : {"test_auc", "test_ap", "val_auc", "val_ap"}) EXPECT_EQ(a[k].get<double>(), b[k].get<double>()) << k;
  EXPECT_EQ(Losses(a), Losses(b));
  EXPECT_EQ(Losses(b).size(), 40u);
  // Only the newest --keep-checkpoints (2) remain, and the crashed writer's partial file is gone.
  EXPECT_TRUE(std::filesystem::exists(ck + "/ckpt-000040.h5"));
  EXPECT_TRUE(std::filesystem::exists(ck + "/ckpt-000030.h5"));
  EXPECT_FALSE(std::filesystem::exists(ck + "/ckpt-000020.h5"));
  EXPECT_FALSE(std::filesystem::exists(ck + "/ckpt-000030.h5.partial"));
}

TEST_F(FaultTolerance, ResumeAtAnotherRankCountMatchesWithinRankInvarianceTolerance) {
  const auto ck = Path("ck_ranks");
  ASSERT_EQ(RunCommand(Mpirun(2) + " train " + h5_ + " --epochs 20 --seed 3 --quiet --checkpoint-dir " + ck +
                       " --checkpoint-every 20").exit_code, 0);
  const auto r = RunCommand(Train(4, h5_, "--checkpoint-dir " + ck + " --resume --metrics " + Path("r4.json")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto a = ReadJson(Path("ref.json")), b = ReadJson(Path("r4.json"));
  const auto la = Losses(a), lb = Losses(b);
  ASSERT_EQ(lb.size(), la.size());
  for (std::size_t e = 0; e < la.size(); ++e) EXPECT_NEAR(la[e], lb[e], 1e-4 * std::abs(la[e])) << "epoch " << e + 1;
  for (const char* k : {"test_auc", "test_ap"}) EXPECT_NEAR(a[k].get<double>(), b[k].get<double>(), 1e-3) << k;
  EXPECT_EQ(b["ranks"], 4);
}

TEST_F(FaultTolerance, InjectedNanStopsNamingEpochAndTensorAndLeavesOutputsAndCheckpointIntact) {
  const auto ck = Path("ck_nan");
  const auto out = Path("nan.h5"), metrics = Path("nan.json");
  ASSERT_EQ(RunCommand(Mpirun(2) + " train " + h5_ + " --epochs 20 --seed 3 --quiet --checkpoint-dir " + ck +
                       " --checkpoint-every 10 --out " + out + " --metrics " + metrics).exit_code, 0);
  const auto before_out = FileBytes(out), before_metrics = FileBytes(metrics), before_ckpt = FileBytes(ck + "/ckpt-000020.h5");
  const auto r = RunCommand("VGAE_FAULT_INJECT_NAN_EPOCH=25 " +
                            Train(2, h5_, "--checkpoint-dir " + ck + " --checkpoint-every 5 --resume --out " + out +
                                              " --metrics " + metrics));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("epoch 25: the gradient of W0 (entry 0) is nan: training diverged"), std::string::npos) << r.output;
  std::ifstream marker(ck + "/LATEST");
  std::string latest;
  std::getline(marker, latest);
  EXPECT_EQ(latest, "ckpt-000020.h5");  // epoch 25's checkpoint was never written
  EXPECT_FALSE(std::filesystem::exists(ck + "/ckpt-000025.h5"));
  EXPECT_EQ(FileBytes(out), before_out);
  EXPECT_EQ(FileBytes(metrics), before_metrics);
  EXPECT_EQ(FileBytes(ck + "/ckpt-000020.h5"), before_ckpt);
}

TEST_F(FaultTolerance, ResumeWithMismatchedConfigOrGraphFailsNamingTheMismatch) {
  const auto ck = Path("ck_mismatch");
  ASSERT_EQ(RunCommand(Mpirun(1) + " train " + h5_ + " --epochs 10 --seed 3 --quiet --checkpoint-dir " + ck +
                       " --checkpoint-every 10").exit_code, 0);
  auto r = RunCommand(Train(1, h5_, "--hidden 16 --checkpoint-dir " + ck + " --resume"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("the checkpoint has hidden = 32, this run has hidden = 16"), std::string::npos) << r.output;
  // The same graph split with another seed is another training problem.
  const auto other = Path("cora_split2.h5");
  std::filesystem::copy_file(h5_, other);
  ASSERT_EQ(RunCommand(Binary() + " split " + other + " --seed 2").exit_code, 0);
  r = RunCommand(Train(1, other, "--checkpoint-dir " + ck + " --resume"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("split seed 1), this run's graph " + other), std::string::npos) << r.output;
  r = RunCommand(Train(1, h5_, "--checkpoint-dir " + Path("empty_dir") + " --resume"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("holds no checkpoint marker"), std::string::npos) << r.output;
  r = RunCommand(Train(1, h5_, "--resume"));
  EXPECT_NE(r.output.find("--resume needs --checkpoint-dir"), std::string::npos) << r.output;
}

TEST_F(FaultTolerance, MaxMemoryRefusesARunWhoseEstimateExceedsIt) {
  auto r = RunCommand(Train(2, h5_, "--max-memory 20M"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("over --max-memory 20971520 bytes (20 MiB)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("estimated peak memory per rank is up to"), std::string::npos) << r.output;
  r = RunCommand(Train(1, h5_, "--max-memory lots"));
  EXPECT_NE(r.output.find("--max-memory must be a byte count"), std::string::npos) << r.output;
  r = RunCommand(Mpirun(1) + " train " + h5_ + " --epochs 2 --quiet --max-memory 4G");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

// An interrupted in-file write leaves a temporary group behind: the previous split stays readable (train
// works) and the next split replaces the leftover.
TEST_F(FaultTolerance, LeftoverTemporarySplitGroupLeavesPreviousSplitReadable) {
  const auto g = Path("cora_leftover.h5");
  std::filesystem::copy_file(h5_, g);
  {
    auto f = io::H5File::Open(g, io::H5File::Mode::kReadWrite);
    const std::vector<std::int64_t> junk = {0, 1};
    f.Write<std::int64_t>("/split.partial/train", junk, {1, 2});
    f.Write<std::int32_t>("/partition/k2.partial/part", std::vector<std::int32_t>{0}, {1});
    f.Close();
  }
  auto r = RunCommand(Mpirun(2) + " train " + g + " --epochs 2 --quiet");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(RunCommand(Binary() + " partition " + g + " --parts 2").exit_code, 0);
  ASSERT_EQ(RunCommand(Binary() + " split " + g + " --seed 1").exit_code, 0);
  auto f = io::H5File::Open(g, io::H5File::Mode::kRead);
  EXPECT_FALSE(f.Exists("/split.partial"));
  EXPECT_FALSE(f.Exists("/partition"));  // dropped with the previous split
  EXPECT_EQ(f.Dims("/split/train"), io::H5File::Open(h5_, io::H5File::Mode::kRead).Dims("/split/train"));
}

}  // namespace
}  // namespace vgae::testing
