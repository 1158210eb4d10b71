// The progress callbacks of ReadEdgeList and ReadMatrixMarket on the real Cora inputs: fractions of the file's
// bytes that only grow, stay in (0, 1], end at exactly 1, come about once per 1% (never more than ~100 calls),
// and leave the parsed result unchanged.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/text_formats.h"

namespace vgae::io {
namespace {

std::string Cora(const char* name) { return std::string(VGAE_DATA_DIR) + "/cora/" + name; }

void ExpectFileFractions(const std::vector<double>& f) {
  ASSERT_FALSE(f.empty());
  EXPECT_GE(f.size(), 50u) << "about one call per 1% of a file of tens of kilobytes";
  EXPECT_LE(f.size(), 102u);
  EXPECT_GT(f.front(), 0.0);
  for (std::size_t i = 1; i < f.size(); ++i) EXPECT_GT(f[i], f[i - 1]) << "call " << i;
  EXPECT_EQ(f.back(), 1.0);
}

TEST(ReadProgress, EdgeListReportsGrowingByteFractionsEndingAtOneAndSameEdges) {
  std::vector<double> fractions;
  const auto with = ReadEdgeList(Cora("edges.txt"), [&](double f) { fractions.push_back(f); });
  const auto without = ReadEdgeList(Cora("edges.txt"));
  ExpectFileFractions(fractions);
  EXPECT_EQ(with.src, without.src);
  EXPECT_EQ(with.dst, without.dst);
}

TEST(ReadProgress, MatrixMarketReportsGrowingByteFractionsEndingAtOneAndSameMatrix) {
  std::vector<double> fractions;
  const auto with = ReadMatrixMarket(Cora("features.mtx"), [&](double f) { fractions.push_back(f); });
  const auto without = ReadMatrixMarket(Cora("features.mtx"));
  ExpectFileFractions(fractions);
  EXPECT_EQ(with.indptr, without.indptr);
  EXPECT_EQ(with.indices, without.indices);
}

}  // namespace
}  // namespace vgae::io
