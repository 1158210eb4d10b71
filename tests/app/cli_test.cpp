// The command line: help text of every stage (each option explained, defaults shown), --version, and the
// --config file (values used, flags override them, unknown keys rejected), and the effective config stored with
// every output.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "app/command.h"
#include "io/format.h"
#include "io/h5.h"

namespace vgae::testing {
namespace {

// Every option line of CLI11's help ("  --name TYPE=default   text", the text possibly wrapped onto the next
// line) must carry an explanation.
void ExpectEveryOptionExplained(const std::string& stage, const std::string& help) {
  std::istringstream in(help);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  int options = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    static const std::regex option(R"(^  (-h,)?--[a-z-]+.*)");
    if (!std::regex_match(lines[i], option)) continue;
    ++options;
    static const std::regex explained(R"(^  \S+( \S+){0,3}\s{2,}\S.*)");  // "--parts INT ... REQUIRED"
    const bool on_next = i + 1 < lines.size() && lines[i + 1].starts_with("                 ");
    EXPECT_TRUE(std::regex_match(lines[i], explained) || on_next) << stage << ": unexplained option: " << lines[i];
  }
  EXPECT_GE(options, 4) << stage << " help:\n" << help;
}

TEST(Cli, HelpOfEveryStageExplainsEveryOptionWithDefaults) {
  const auto top = RunCommand(Binary() + " --help");
  ASSERT_EQ(top.exit_code, 0) << top.output;
  const std::map<std::string, std::vector<std::string>> defaults = {
      {"prep", {"--edges TEXT REQUIRED", "--out TEXT REQUIRED"}},
      {"split", {"--val FLOAT=0.05", "--test FLOAT=0.1", "--seed UINT=1"}},
      {"partition", {"--parts INT ... REQUIRED", "--method TEXT=metis", "--report-format TEXT"}},
      {"train", {"--model TEXT=vgae", "--epochs INT=200", "--lr FLOAT=0.01", "--eval-every INT=0"}},
      {"predict", {"--top INT=10", "--graph TEXT REQUIRED"}}};
  for (const auto& [stage, shown] : defaults) {
    EXPECT_NE(top.output.find("  " + stage + " "), std::string::npos) << "top-level help lacks " << stage;
    const auto r = RunCommand(Binary() + " " + stage + " --help");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    ExpectEveryOptionExplained(stage, r.output);
    for (const auto& s : shown) EXPECT_NE(r.output.find(s), std::string::npos) << stage << " help lacks " << s << ":\n" << r.output;
    EXPECT_NE(r.output.find("[" + stage + "] section of a --config FILE"), std::string::npos) << r.output;
  }
}

TEST(Cli, VersionNamesTheGitRevision) {
  const auto r = RunCommand(Binary() + " --version");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex(R"(^vgae_dist \S+ \(git ([0-9a-f]{4,}(-dirty)?|unknown)\)\n$)")))
      << r.output;
}

// The revision is taken when the binary is built, not when CMake was configured: a benchmark record names the code
// it ran (one once named the commit before the one it measured). Run after building, as scripts/test.sh does.
TEST(Cli, VersionIsTheCheckoutsHeadAtBuildTime) {
  const auto source = std::filesystem::path(VGAE_DATA_DIR).parent_path();
  const auto head = RunCommand("git -C '" + source.string() + "' rev-parse --short HEAD 2>/dev/null");
  if (head.exit_code != 0 || head.output.empty()) GTEST_SKIP() << "the source tree is not a git checkout";
  const auto r = RunCommand(Binary() + " --version");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string revision = head.output.substr(0, head.output.find('\n'));
  const bool named = r.output.find("(git " + revision + ")") != std::string::npos ||
                     r.output.find("(git " + revision + "-dirty)") != std::string::npos;
  EXPECT_TRUE(named) << r.output << "HEAD is " << revision << " (rebuild after committing)";
}

class ConfigFile : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = FreshDir(::testing::UnitTest::GetInstance()->current_test_info()->name()); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::filesystem::path dir_;
};

TEST_F(ConfigFile, ValuesAreUsedAndFlagsOverrideThem) {
  const auto g = (dir_ / "g.h5").string();
  const auto data = std::string(VGAE_DATA_DIR) + "/cora/";
  // One file for every stage; the flag --test overrides the file's test fraction, its val fraction is used.
  const auto config = Write("run.toml", "[prep]\nedges = \"" + data + "edges.txt\"\nfeatures = \"" + data +
                                            "features.mtx\"\nout = \"" + g + "\"\n[split]\nval = 0.2\ntest = 0.3\n" +
                                            "[train]\nepochs = 3\nlatent = 8\nmodel = \"gae\"\n");
  auto r = RunCommand(Binary() + " prep --config " + config);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = RunCommand(Binary() + " --config " + config + " split " + g + " --test 0.1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1055 val, 527 test edges"), std::string::npos) << r.output;  // 20% and 10% of 5278, rounded down
  const auto m1 = (dir_ / "m1.json").string(), m2 = (dir_ / "m2.json").string();
  r = RunCommand(Binary() + " train " + g + " --config " + config + " --quiet --metrics " + m1);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = RunCommand(Binary() + " train " + g + " --config " + config + " --quiet --epochs 4 --metrics " + m2);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto a = ReadJson(m1), b = ReadJson(m2);
  EXPECT_EQ(a["epochs"], 3);
  EXPECT_EQ(b["epochs"], 4);
  for (const auto& m : {a, b}) {
    EXPECT_EQ(m["config"]["latent"], 8);
    EXPECT_EQ(m["config"]["model"], "gae");
    EXPECT_EQ(m["config"]["hidden"], 32);  // neither file nor flag: the default
  }
}

TEST_F(ConfigFile, UnknownKeysAndMissingFilesAreErrors) {
  const auto typo = Write("typo.toml", "[train]\nepochz = 3\n");
  auto r = RunCommand(Binary() + " train x.h5 --config " + typo);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("epochz"), std::string::npos) << r.output;
  r = RunCommand(Binary() + " train x.h5 --config " + (dir_ / "missing.toml").string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("missing.toml"), std::string::npos) << r.output;
}

TEST_F(ConfigFile, EffectiveConfigIsStoredWithEveryOutput) {
  const auto g = PrepareBundled(dir_, "cora", 1);
  auto r = RunCommand(Binary() + " partition " + g + " --parts 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto emb = (dir_ / "emb.h5").string(), metrics = (dir_ / "m.json").string();
  r = RunCommand(Binary() + " train " + g + " --epochs 2 --quiet --out " + emb + " --metrics " + metrics);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto gf = io::H5File::Open(g, io::H5File::Mode::kRead);
  const auto prep = gf.GetStringAttr("/", io::names::kPrepConfigAttr);
  const auto split = gf.GetStringAttr(io::names::kSplitGroup, io::names::kConfigAttr);
  const auto part = gf.GetStringAttr(io::names::PartitionGroup(2), io::names::kConfigAttr);
  ASSERT_TRUE(prep && split && part);
  EXPECT_NE(prep->find("edges=\""), std::string::npos) << *prep;
  EXPECT_NE(split->find("seed=1"), std::string::npos) << *split;
  EXPECT_NE(split->find("val=0.05"), std::string::npos) << *split;  // a default, stored too
  EXPECT_NE(part->find("parts=2"), std::string::npos) << *part;
  EXPECT_NE(part->find("method=\"metis\""), std::string::npos) << *part;
  auto ef = io::H5File::Open(emb, io::H5File::Mode::kRead);
  const auto train = ef.GetStringAttr("/", io::names::kConfigAttr);
  ASSERT_TRUE(train);
  EXPECT_NE(train->find("\"epochs\":2"), std::string::npos) << *train;
  EXPECT_EQ(ReadJson(metrics)["config"]["epochs"], 2);
}

}  // namespace
}  // namespace vgae::testing
