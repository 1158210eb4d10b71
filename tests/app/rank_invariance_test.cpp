// Rank invariance on Cora: the same seed gives the same loss at every epoch and the same test AUC/AP at 1, 2
// and 4 ranks (relative 1e-4 on the loss, absolute 1e-3 on AUC/AP), for both models.
#include <gtest/gtest.h>

#include "app/command.h"

namespace vgae::testing {
namespace {

class RankInvariance : public ::testing::TestWithParam<std::string> {};

TEST_P(RankInvariance, CoraLossCurveAndMetricsAgreeAt124Ranks) {
  const auto model = GetParam();
  const auto dir = FreshDir("rank_invariance_" + model);
  const auto h5 = PrepareBundled(dir, "cora", 1);
  for (int k : {2, 4}) ASSERT_EQ(RunCommand(Binary() + " partition " + h5 + " --parts " + std::to_string(k)).exit_code, 0);
  nlohmann::json runs[3];
  const int ranks[3] = {1, 2, 4};
  for (int i = 0; i < 3; ++i) {
    const auto metrics = (dir / ("m" + std::to_string(ranks[i]) + ".json")).string();
    const auto r = RunCommand(Mpirun(ranks[i]) + " train " + h5 + " --model " + model +
                              " --epochs 50 --seed 3 --quiet --metrics " + metrics);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    runs[i] = ReadJson(metrics);
    ASSERT_EQ(runs[i]["ranks"], ranks[i]);
  }
  for (int i = 1; i < 3; ++i) {
    const auto& a = runs[0]["history"];
    const auto& b = runs[i]["history"];
    ASSERT_EQ(a.size(), 50u);
    ASSERT_EQ(b.size(), 50u);
    for (std::size_t e = 0; e < a.size(); ++e) {
      const double la = a[e]["loss"], lb = b[e]["loss"];
      EXPECT_NEAR(la, lb, 1e-4 * std::abs(la)) << ranks[i] << " ranks, epoch " << e + 1;
    }
    EXPECT_NEAR(runs[0]["test_auc"].get<double>(), runs[i]["test_auc"].get<double>(), 1e-3) << ranks[i] << " ranks";
    EXPECT_NEAR(runs[0]["test_ap"].get<double>(), runs[i]["test_ap"].get<double>(), 1e-3) << ranks[i] << " ranks";
  }
  // The check is not vacuous: the run learned something.
  EXPECT_GT(runs[0]["test_auc"].get<double>(), 0.8);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Models, RankInvariance, ::testing::Values("vgae", "gae"));

}  // namespace
}  // namespace vgae::testing
