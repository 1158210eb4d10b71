// scripts/report.py on a 2-rank Cora run with labels: every figure is written, decodes, is not blank, and the
// ROC figure's AUC/AP (sklearn on μ) equal train's test AUC/AP; and README's h5py snippet, run as printed with
// Debian's python3, scores a pair exactly as μ_u·μ_v from the embeddings file does.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "app/command.h"
#include "io/format.h"
#include "io/h5.h"

namespace vgae::testing {
namespace {

// The repository root: the bundled data directory's parent.
std::string SourceDir() { return std::string(VGAE_DATA_DIR) + "/.."; }

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Fixed4(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4f", v);
  return b;
}

class CoraRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = FreshDir("report");
    const auto data = std::string(VGAE_DATA_DIR) + "/cora/";
    graph_ = (dir_ / "cora.h5").string();
    emb_ = (dir_ / "emb.h5").string();
    metrics_ = (dir_ / "m.json").string();
    for (const auto& step :
         {Binary() + " prep --edges " + data + "edges.txt --features " + data + "features.mtx --labels " + data +
              "labels.txt --out " + graph_,
          Binary() + " split " + graph_, Binary() + " partition " + graph_ + " --parts 2",
          Mpirun(2) + " train " + graph_ + " --epochs 60 --eval-every 20 --quiet --out " + emb_ + " --metrics " + metrics_}) {
      const auto r = RunCommand(step);
      ASSERT_EQ(r.exit_code, 0) << step << "\n" << r.output;
    }
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static inline std::filesystem::path dir_;
  static inline std::string graph_, emb_, metrics_;
};

TEST_F(CoraRun, ReportWritesEveryFigureNonBlankAndConsistentWithTheMetrics) {
  const auto out = dir_ / "report";
  const auto r = RunCommand("/usr/bin/python3 " + SourceDir() + "/scripts/report.py --metrics " +
                                metrics_ + " --embeddings " + emb_ + " --graph " + graph_ + " --out " + out.string(),
                            900);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto html = ReadText(out / "index.html");
  for (const char* png : {"curves.png", "roc_pr.png", "pca.png", "tsne.png", "degree.png", "partition.png"}) {
    ASSERT_TRUE(std::filesystem::exists(out / png)) << png;
    EXPECT_GT(std::filesystem::file_size(out / png), 10000u) << png;
    EXPECT_NE(html.find(std::string("src=\"") + png + "\""), std::string::npos) << png;
    // Decodes, is a real image, and is not one flat colour.
    const auto check = RunCommand("/usr/bin/python3 -c \"import matplotlib.image as m; a = m.imread(\\\"" +
                                  (out / png).string() +
                                  "\\\"); assert a.ndim == 3 and a.shape[0] > 200 and a.shape[1] > 200 and "
                                  "a[..., :3].std() > 0.05, (a.shape, a.std()); print(a.shape)\"");
    EXPECT_EQ(check.exit_code, 0) << png << ": " << check.output;
  }
  // The ROC/PR figure scores the test pairs from the files; its AUC and AP must be train's.
  const auto m = ReadJson(metrics_);
  EXPECT_NE(html.find("sklearn AUC " + Fixed4(m["test_auc"].get<double>()) + ", AP " + Fixed4(m["test_ap"].get<double>())),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("coloured by label (/nodes/label)"), std::string::npos);  // prep --labels reached the plots
  EXPECT_NE(html.find("Owned and halo nodes per rank"), std::string::npos);
  EXPECT_NE(html.find("hits@20"), std::string::npos);
}

TEST_F(CoraRun, ReadmePythonSnippetScoresAPairAsTheEmbeddingsDo) {
  // The ```python block of README's "Reading the outputs from Python" section, pointed at this run's file.
  const auto readme = ReadText(SourceDir() + "/README.md");
  const auto section = readme.find("## Reading the outputs from Python");
  ASSERT_NE(section, std::string::npos);
  const auto begin = readme.find("```python\n", section) + 10;
  const auto end = readme.find("```", begin);
  ASSERT_LT(begin, end);
  std::string snippet = readme.substr(begin, end - begin);
  const std::string documented_path = "out/cora-emb.h5";
  const auto at = snippet.find(documented_path);
  ASSERT_NE(at, std::string::npos) << snippet;
  snippet.replace(at, documented_path.size(), emb_);
  std::ofstream(dir_ / "snippet.py") << snippet << "print(repr(float(score)))\n";
  const auto r = RunCommand("/usr/bin/python3 " + (dir_ / "snippet.py").string());
  ASSERT_EQ(r.exit_code, 0) << snippet << r.output;
  // The snippet scores original ids 0 and 633; Cora's original ids are the rows.
  auto f = io::H5File::Open(emb_, io::H5File::Mode::kRead);
  const auto d = static_cast<std::int64_t>(f.Dims(io::names::kEmbeddingMu)[1]);
  const std::vector<std::int64_t> rows{0, 633};
  const auto mu = f.ReadRows<float>(io::names::kEmbeddingMu, rows);
  double dot = 0;
  for (std::int64_t c = 0; c < d; ++c) dot += static_cast<double>(mu[c]) * mu[d + c];
  EXPECT_NEAR(std::stod(r.output), 1.0 / (1.0 + std::exp(-dot)), 1e-6) << r.output;
}

}  // namespace
}  // namespace vgae::testing
