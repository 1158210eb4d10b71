// `vgae_dist predict` against a brute-force scorer written here: every pair (q, j) with j ≠ q and j not a
// neighbour of q in /graph, ranked by μ_q·μ_j (ties: smaller row first), score sigmoid of that. On a small
// hand-built graph with shuffled original ids and tied embeddings, and on Cora embeddings from a short run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "app/command.h"
#include "core/graph_build.h"
#include "io/format.h"
#include "io/graph_file.h"
#include "io/h5.h"

namespace vgae::testing {
namespace {

struct Link {
  long long query, rank, node;
  double score;
};

// The expected TSV rows: brute force over the whole μ matrix (N × d, row-major) and the /graph CSR.
std::vector<Link> BruteForce(const std::vector<float>& mu, int d, const std::vector<std::int64_t>& indptr,
                             const std::vector<std::int64_t>& indices, const std::vector<std::int64_t>& original,
                             const std::vector<long long>& query_ids, int k) {
  const auto n = static_cast<std::int64_t>(original.size());
  std::vector<Link> out;
  for (long long qid : query_ids) {
    const auto q = std::find(original.begin(), original.end(), qid) - original.begin();
    std::vector<std::pair<double, std::int64_t>> cand;  // (-logit, row): ascending sort = best first
    for (std::int64_t j = 0; j < n; ++j) {
      if (j == q || std::find(indices.begin() + indptr[q], indices.begin() + indptr[q + 1], j) != indices.begin() + indptr[q + 1])
        continue;
      float dot = 0;  // float, as the tool computes; summation order may differ in the last bits
      for (int c = 0; c < d; ++c) dot += mu[q * d + c] * mu[j * d + c];
      cand.push_back({-static_cast<double>(dot), j});
    }
    std::sort(cand.begin(), cand.end());
    for (std::size_t r = 0; r < cand.size() && r < static_cast<std::size_t>(k); ++r)
      out.push_back({qid, static_cast<long long>(r + 1), static_cast<long long>(original[cand[r].second]),
                     1.0 / (1.0 + std::exp(cand[r].first))});
  }
  return out;
}

std::vector<Link> ReadTsv(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "query\trank\tnode\tscore\tlogit");
  std::vector<Link> out;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    Link l{};
    f >> l.query >> l.rank >> l.node >> l.score;
    out.push_back(l);
  }
  return out;
}

void ExpectSameLinks(const std::vector<Link>& got, const std::vector<Link>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].query, want[i].query) << "row " << i;
    EXPECT_EQ(got[i].rank, want[i].rank) << "row " << i;
    EXPECT_EQ(got[i].node, want[i].node) << "row " << i << " (query " << want[i].query << ")";
    EXPECT_NEAR(got[i].score, want[i].score, 2e-6) << "row " << i;
  }
}

void WriteIds(const std::filesystem::path& path, const std::vector<long long>& ids) {
  std::ofstream out(path);
  out << "# query nodes\n";
  for (auto id : ids) out << id << "\n";
}

TEST(Predict, SmallGraphMatchesBruteForceWithShuffledIdsAndTies) {
  const auto dir = FreshDir("predict_small");
  // 8 nodes; original ids are 70, 60, ..., 0 (reversed, so a row/id mix-up shows).
  const std::int64_t n = 8;
  const std::vector<GlobalId> src{0, 1, 2, 3, 0, 5}, dst{1, 2, 3, 4, 2, 6};
  const auto graph = core::BuildSymmetricGraph(n, src, dst);
  std::vector<std::int64_t> original(n);
  for (std::int64_t i = 0; i < n; ++i) original[i] = 10 * (n - 1 - i);
  const auto g = (dir / "g.h5").string();
  io::WriteGraphFile(g, graph, std::nullopt, original);
  // μ: random, with rows 5 and 7 equal (tied scores for every query) and row 6 zero (logit 0, score 0.5).
  const int d = 3;
  std::vector<float> mu(n * d);
  std::mt19937 gen(3);
  std::normal_distribution<float> normal;
  for (auto& v : mu) v = normal(gen);
  for (int c = 0; c < d; ++c) mu[7 * d + c] = mu[5 * d + c], mu[6 * d + c] = 0.0f;
  const auto emb = (dir / "emb.h5").string();
  {
    auto f = io::H5File::Open(emb, io::H5File::Mode::kCreate);
    f.SetAttr<std::int64_t>("/", io::names::kFormatVersionAttr, io::kFormatVersion);
    f.Write<float>(io::names::kEmbeddingMu, mu, {static_cast<hsize_t>(n), d});
    f.Write<std::int64_t>(io::names::kOriginalId, original, {static_cast<hsize_t>(n)});
  }
  const std::vector<long long> queries{70, 20, 0, 40};  // rows 0, 5, 7, 3
  WriteIds(dir / "q.txt", queries);
  for (int k : {1, 3, 10}) {  // 10: more than the candidates left
    const auto tsv = dir / "links.tsv";
    std::string command = Binary() + " predict " + emb + " --graph " + g + " --nodes " + (dir / "q.txt").string();
    command += " --top " + std::to_string(k);
    command += " --out " + tsv.string();
    const auto r = RunCommand(command);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    ExpectSameLinks(ReadTsv(tsv), BruteForce(mu, d, graph.indptr, graph.indices, original, queries, k));
  }
  const auto one = RunCommand(Binary() + " predict " + emb + " --graph " + g + " --node 0 --top 2");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("query  rank      node     score"), std::string::npos) << one.output;
  std::filesystem::remove_all(dir);
}

TEST(Predict, CoraEmbeddingsMatchBruteForce) {
  const auto dir = FreshDir("predict_cora");
  const auto g = PrepareBundled(dir, "cora", 1);
  const auto emb = (dir / "emb.h5").string();
  const auto t = RunCommand(Binary() + " train " + g + " --epochs 30 --quiet --out " + emb);
  ASSERT_EQ(t.exit_code, 0) << t.output;
  const std::vector<long long> queries{0, 1, 633, 2707, 1358};
  WriteIds(dir / "q.txt", queries);
  const auto tsv = dir / "links.tsv";
  const auto r = RunCommand(Binary() + " predict " + emb + " --graph " + g + " --nodes " + (dir / "q.txt").string() +
                            " --top 20 --quiet --out " + tsv.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto e = io::H5File::Open(emb, io::H5File::Mode::kRead);
  auto gf = io::H5File::Open(g, io::H5File::Mode::kRead);
  const auto mu = e.ReadAll<float>(io::names::kEmbeddingMu);
  const int d = static_cast<int>(e.Dims(io::names::kEmbeddingMu)[1]);
  ExpectSameLinks(ReadTsv(tsv), BruteForce(mu, d, gf.ReadAll<std::int64_t>(io::names::kGraphIndptr),
                                           gf.ReadAll<std::int64_t>(io::names::kGraphIndices),
                                           gf.ReadAll<std::int64_t>(io::names::kOriginalId), queries, 20));
  std::filesystem::remove_all(dir);
}

TEST(Predict, UnknownIdsAndAmbiguousQueriesFailNamingTheCause) {
  const auto dir = FreshDir("predict_errors");
  const auto g = PrepareBundled(dir, "cora", 1);
  const auto emb = (dir / "emb.h5").string();
  ASSERT_EQ(RunCommand(Binary() + " train " + g + " --epochs 2 --quiet --out " + emb).exit_code, 0);
  const auto base = Binary() + " predict " + emb + " --graph " + g;
  auto r = RunCommand(base + " --node 2708");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("no node has original id 2708"), std::string::npos) << r.output;
  r = RunCommand(base);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("exactly one of --node ID and --nodes FILE"), std::string::npos) << r.output;
  std::ofstream(dir / "bad.txt") << "5\nseven\n";
  r = RunCommand(base + " --nodes " + (dir / "bad.txt").string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("bad.txt:2: expected one integer node id, found 'seven'"), std::string::npos) << r.output;
  r = RunCommand(base + " --node 3 --top 0");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--top must be at least 1"), std::string::npos) << r.output;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vgae::testing
