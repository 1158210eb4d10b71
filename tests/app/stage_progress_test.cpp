// What prep, split and partition print: one line per phase with its elapsed time and then the unchanged summary
// line when stdout is not a terminal (no '\r'); on a terminal (driven through script(1)) the phases are redrawn in
// place, with a bar that reaches 100% for the phases that measure a fraction; with --quiet nothing but errors.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <vector>

#include "app/command.h"

namespace vgae::testing {
namespace {

class StageProgressTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = FreshDir("stage_progress"); }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  // The stages on Cora into dir_/name.h5, each command's output in order.
  static std::vector<CommandResult> Pipeline(const std::string& name, const std::string& flags, bool terminal) {
    const auto data = std::string(VGAE_DATA_DIR) + "/cora";
    const auto h5 = (dir_ / (name + ".h5")).string();
    std::vector<CommandResult> out;
    for (const std::string& args : {"prep --edges " + data + "/edges.txt --features " + data + "/features.mtx --out " + h5,
                                   "split " + h5, "partition " + h5 + " --parts 2"}) {
      const auto command = Binary() + " " + args + " " + flags;
      out.push_back(RunCommand(terminal ? "script -qec \"" + command + "\" /dev/null" : command));
    }
    return out;
  }
  static inline std::filesystem::path dir_;
};

TEST_F(StageProgressTest, PlainOutputHasTimedPhaseLinesThenTheSummaryAndNoRedraws) {
  const auto r = Pipeline("plain", "", false);
  const char* stages[] = {"prep", "split", "partition"};
  const std::regex phase(R"((prep|split|partition): [a-z0-9 ().,/_-]+ \.\.\. .+ in \d+\.\d\d s)");
  for (int s = 0; s < 3; ++s) {
    ASSERT_EQ(r[s].exit_code, 0) << r[s].output;
    EXPECT_EQ(r[s].output.find('\r'), std::string::npos) << r[s].output;
    const auto lines = Lines(r[s].output);
    ASSERT_GE(lines.size(), 4u) << r[s].output;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
      EXPECT_TRUE(std::regex_match(lines[i], phase)) << lines[i];
      EXPECT_EQ(lines[i].rfind(std::string(stages[s]) + ": ", 0), 0u) << lines[i];
    }
  }
  EXPECT_NE(r[0].output.find("prep: reading edges ... 5278 lines in "), std::string::npos) << r[0].output;
  EXPECT_NE(r[0].output.find("prep: reading features ... 2708 x 1433, "), std::string::npos) << r[0].output;
  // The summaries stay the last line of each stage, as other tests and users read them.
  EXPECT_TRUE(std::regex_search(Lines(r[0].output).back(), std::regex(R"(^prep: .*: 2708 nodes, 5278 undirected edges)")));
  EXPECT_TRUE(std::regex_search(Lines(r[1].output).back(), std::regex(R"(^split: .*: \d+ train, \d+ val, \d+ test edges)")));
  EXPECT_TRUE(std::regex_search(Lines(r[2].output).back(), std::regex(R"(^partition: .*: k=2 \(metis\) edge cut \d+/)")));
  EXPECT_NE(r[2].output.find("partition: partitioning into 2 parts (metis) ... done in "), std::string::npos) << r[2].output;
}

TEST_F(StageProgressTest, TerminalRedrawsPhasesInPlaceAndBarsReach100Percent) {
  const auto r = Pipeline("tty", "", true);
  for (const auto& c : r) ASSERT_EQ(c.exit_code, 0) << c.output;
  const std::string bar100 = " [##############################] 100%";
  EXPECT_NE(r[0].output.find("\r\033[Kprep: reading edges" + bar100), std::string::npos) << r[0].output;
  EXPECT_NE(r[0].output.find("\r\033[Kprep: reading features" + bar100), std::string::npos) << r[0].output;
  EXPECT_NE(r[1].output.find("\r\033[Ksplit: keying edges and drawing negatives" + bar100), std::string::npos)
      << r[1].output;
  // Each phase ends as the same timed line as in plain output, and partition (one METIS call) has no bar.
  EXPECT_NE(r[0].output.find("\r\033[Kprep: reading edges ... 5278 lines in "), std::string::npos) << r[0].output;
  EXPECT_NE(r[2].output.find("\r\033[Kpartition: partitioning into 2 parts (metis) ..."), std::string::npos) << r[2].output;
  EXPECT_EQ(r[2].output.find('%'), r[2].output.rfind("%)")) << "only the summary's cut percentage:\n" << r[2].output;
  EXPECT_NE(r[2].output.find("partition: "), std::string::npos);
}

TEST_F(StageProgressTest, QuietPrintsNothingButErrors) {
  for (bool terminal : {false, true}) {
    const auto r = Pipeline(terminal ? "quiet_tty" : "quiet", "--quiet", terminal);
    for (const auto& c : r) {
      EXPECT_EQ(c.exit_code, 0) << c.output;
      EXPECT_EQ(c.output, "") << "terminal " << terminal;
    }
  }
  const auto bad = RunCommand(Binary() + " split " + (dir_ / "missing.h5").string() + " --quiet");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("missing.h5"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace vgae::testing
