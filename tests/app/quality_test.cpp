// Quality on Cora with the default flags: mean test AUC and AP over 5 split seeds reach the paper's level
// (≥ 0.91 AUC and ≥ 0.92 AP) for both VGAE and GAE, single rank, sampled loss, 200 epochs.
#include <gtest/gtest.h>

#include <numeric>

#include "app/command.h"

namespace vgae::testing {
namespace {

constexpr int kSeeds = 5;

class CoraQuality : public ::testing::TestWithParam<std::string> {};

TEST_P(CoraQuality, MeanTestAucApOverFiveSplitsReachesPaper) {
  const auto model = GetParam();
  const auto dir = FreshDir("quality_" + model);
  std::vector<double> auc, ap;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const auto sub = dir / ("seed" + std::to_string(seed));
    std::filesystem::create_directories(sub);
    const auto h5 = PrepareBundled(sub, "cora", seed);
    const auto metrics = (sub / "m.json").string();
    const auto r = RunCommand(Binary() + " train " + h5 + " --model " + model + " --quiet --metrics " + metrics);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto m = ReadJson(metrics);
    ASSERT_EQ(m["epochs"], 200);
    auc.push_back(m["test_auc"].get<double>());
    ap.push_back(m["test_ap"].get<double>());
    std::printf("[ quality ] %s split seed %d: test AUC %.4f AP %.4f\n", model.c_str(), seed, auc.back(), ap.back());
  }
  const double mean_auc = std::accumulate(auc.begin(), auc.end(), 0.0) / kSeeds;
  const double mean_ap = std::accumulate(ap.begin(), ap.end(), 0.0) / kSeeds;
  std::printf("[ quality ] %s mean over %d splits: test AUC %.4f AP %.4f\n", model.c_str(), kSeeds, mean_auc, mean_ap);
  EXPECT_GE(mean_auc, 0.91);
  EXPECT_GE(mean_ap, 0.92);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Models, CoraQuality, ::testing::Values("vgae", "gae"));

}  // namespace
}  // namespace vgae::testing
