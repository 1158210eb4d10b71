// vgae_dist gen end to end: the same file at 1, 2 and 4 ranks, and a generated graph VGAE learns links on.
#include <gtest/gtest.h>

#include "app/command.h"
#include "testing/h5_compare.h"

namespace vgae::testing {
namespace {

TEST(Gen, SameFileAt124Ranks) {
  const auto dir = FreshDir("gen_ranks");
  const std::string flags = " gen --nodes 30000 --avg-degree 8 --communities 5 --feature-dim 7 --seed 4 --quiet --out ";
  for (int k : {1, 2, 4}) {
    // The same relative --out in a directory per rank count: the stored options are then identical too.
    const auto sub = dir / std::to_string(k);
    std::filesystem::create_directories(sub);
    const auto r = RunCommand("cd " + sub.string() + " && " + Mpirun(k) + flags + "g.h5");
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const auto one = (dir / "1" / "g.h5").string();
  const auto objects = ReadH5Objects(one);
  ASSERT_TRUE(objects.count("features/dense") && objects.count("nodes/label") && objects.count("graph/indices"));
  EXPECT_EQ(objects.at("features/dense").dims, (std::vector<hsize_t>{30000, 7}));
  EXPECT_GT(objects.at("graph/indices").dims[0], 30000u * 7);
  for (int k : {2, 4}) EXPECT_EQ(H5Difference(one, (dir / std::to_string(k) / "g.h5").string()), "") << k << " ranks";
  std::filesystem::remove_all(dir);
}

TEST(Gen, VgaeLearnsLinksOfAGeneratedGraph) {
  const auto dir = FreshDir("gen_learn");
  const auto h5 = (dir / "g.h5").string(), metrics = (dir / "m.json").string();
  auto r = RunCommand(Binary() + " gen --nodes 100000 --avg-degree 10 --quiet --out " + h5);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(RunCommand(Binary() + " split " + h5 + " --quiet").exit_code, 0);
  r = RunCommand(Binary() + " train " + h5 + " --epochs 8 --quiet --metrics " + metrics, 600);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto m = ReadJson(metrics);
  EXPECT_GT(m["test_auc"].get<double>(), 0.75) << m.dump();
  std::filesystem::remove_all(dir);
}

TEST(Gen, RefusesBadOptionsAndLeavesNoFile) {
  const auto dir = FreshDir("gen_bad");
  const auto h5 = (dir / "g.h5").string();
  const auto r = RunCommand(Binary() + " gen --nodes 1000 --exponent 1.5 --out " + h5);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--exponent is 1.5"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(h5));
  EXPECT_FALSE(std::filesystem::exists(h5 + ".partial"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vgae::testing
