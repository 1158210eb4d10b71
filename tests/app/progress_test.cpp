// What train prints: one compact line per epoch (plain when stdout is not a terminal), a live bar on a
// terminal (driven through script(1)), JSON lines with --log-format json, nothing per epoch with --quiet.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "app/command.h"

namespace vgae::testing {
namespace {

class Progress : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = FreshDir("progress");
    graph_ = PrepareBundled(dir_, "cora", 1);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::string Train(const std::string& flags) { return Binary() + " train " + graph_ + " --epochs 4 --eval-every 2 " + flags; }
  static inline std::filesystem::path dir_;
  static inline std::string graph_;
};

TEST_F(Progress, PlainOutputHasOneCompactLinePerEpoch) {
  const auto r = RunCommand(Train(""));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find('\r'), std::string::npos) << "no terminal, no bar:\n" << r.output;
  const std::regex plain(R"(epoch +(\d)/4  loss [0-9.]+  kl [0-9.]+  [0-9.]+ ms  ETA \d+s)");
  const std::regex evaluated(R"(epoch +(\d)/4  loss [0-9.]+  kl [0-9.]+  val auc 0\.\d{4} ap 0\.\d{4}  [0-9.]+ ms  ETA \d+s)");
  std::vector<int> epochs;
  for (const auto& line : Lines(r.output)) {
    std::smatch m;
    if (std::regex_match(line, m, plain) || std::regex_match(line, m, evaluated)) {
      epochs.push_back(std::stoi(m[1]));
      EXPECT_EQ(std::regex_match(line, evaluated), epochs.back() == 2) << line;  // eval every 2; 4 is the last
    }
  }
  EXPECT_EQ(epochs, (std::vector<int>{1, 2, 3, 4})) << r.output;
  EXPECT_NE(r.output.find("test hits@20 "), std::string::npos) << r.output;
}

TEST_F(Progress, JsonFormatPrintsOnlyJsonObjects) {
  const auto r = RunCommand(Train("--log-format json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = Lines(r.output);
  ASSERT_EQ(lines.size(), 5u) << r.output;  // 4 epochs and the summary
  for (int e = 0; e < 4; ++e) {
    const auto j = nlohmann::json::parse(lines[e]);
    EXPECT_EQ(j["epoch"], e + 1);
    EXPECT_EQ(j["epochs"], 4);
    for (const char* key : {"loss", "recon", "kl", "ms", "eta_s"}) EXPECT_TRUE(j.contains(key)) << key << ": " << lines[e];
    EXPECT_EQ(j.contains("val_auc"), e + 1 == 2) << lines[e];
  }
  const auto summary = nlohmann::json::parse(lines[4]);
  for (const char* key : {"test_auc", "test_ap", "hits@20", "hits@50", "hits@100", "mrr"})
    EXPECT_TRUE(summary.contains(key)) << key;
}

TEST_F(Progress, TerminalGetsALiveBarAndQuietGetsNoEpochLines) {
  const auto tty = RunCommand("script -qec \"" + Train("") + "\" /dev/null");
  ASSERT_EQ(tty.exit_code, 0) << tty.output;
  EXPECT_NE(tty.output.find("\r\033[Ktrain [##############################] 4/4"), std::string::npos) << tty.output;
  EXPECT_NE(tty.output.find("\r\033[Kepoch    2/4"), std::string::npos) << tty.output;  // evaluated epochs stay
  EXPECT_EQ(tty.output.find("epoch    3/4"), std::string::npos) << tty.output;
  // mpirun gives its ranks a pseudo-terminal even here: under a launcher the lines stay plain.
  const auto launched = RunCommand("script -qec \"" + Mpirun(1) + " train " + graph_ + " --epochs 4\" /dev/null");
  ASSERT_EQ(launched.exit_code, 0) << launched.output;
  EXPECT_EQ(launched.output.find("\033[K"), std::string::npos) << launched.output;
  EXPECT_NE(launched.output.find("epoch    3/4  loss"), std::string::npos) << launched.output;
  const auto quiet = RunCommand(Train("--quiet"));
  ASSERT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_EQ(quiet.output.find("epoch"), std::string::npos) << quiet.output;
  const auto bad = RunCommand(Train("--log-format yaml"));
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("--log-format"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace vgae::testing
