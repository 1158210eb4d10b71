// The importer's edge reader on the real SNAP email-Enron download (.gz, CRLF, tab-separated, comments) and on
// generated files: any split of a file into line-aligned byte ranges (threads, ranks) gives the pairs of the
// whole file in file order, errors name the file line wherever the range starts, and a truncated .gz fails.
#include "io/edge_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/graph_build.h"
#include "testing/temp_files.h"

namespace vgae::io {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

const std::string kEnron = "/work/shared/datasets/email-enron";

using testing::DataLines;
using testing::IoErrorMessage;
std::string TempPath(const std::string& name) { return testing::TempPath("vgae_edge_file", name); }
std::string WriteTemp(const std::string& name, const std::string& content) {
  return testing::WriteTempFile("vgae_edge_file", name, content);
}
std::string WriteGzip(const std::string& name, const std::string& content) {
  const std::string path = TempPath(name);
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, content.data(), static_cast<unsigned>(content.size()));
  gzclose(gz);
  return path;
}
std::vector<GlobalId> Flat(const core::EdgePairs& p) {
  std::vector<GlobalId> out;
  for (const auto& c : p.chunks) out.insert(out.end(), c.begin(), c.end());
  return out;
}

TEST(ReadEdgeFile, EnronGzipRenumbersToTheDatasetsEdgesAndNodeIds) {
  if (!fs::exists(kEnron + "/raw/email-Enron.txt.gz")) GTEST_SKIP() << "no " << kEnron;
  auto e = ReadEdgeFile(kEnron + "/raw/email-Enron.txt.gz");
  EXPECT_EQ(e.stats.data_lines, 367662);
  EXPECT_EQ(e.stats.comment_lines, 4);
  const auto numbering = core::NodeNumbering::OfDistinctIds(e.pairs);
  ASSERT_EQ(numbering.NumNodes(), 36692);
  core::GraphBuildStats stats;
  const auto g = core::BuildSymmetricGraph(std::move(e.pairs), numbering, &stats);
  EXPECT_EQ(stats.undirected_edges, 183831);
  EXPECT_EQ(stats.self_loops, 0);
  EXPECT_EQ(stats.reversed, 183831);  // the README: every pair's reverse is listed, no line is repeated
  EXPECT_EQ(stats.duplicates, 183831);
  // edges.txt lists u<v in (u, v) order: exactly UpperEdges of the CSR.
  const auto upper = core::UpperEdges(g.View());
  const auto expected = DataLines(kEnron + "/edges.txt");
  ASSERT_EQ(upper.size(), 2 * expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k)
    ASSERT_EQ(std::to_string(upper[2 * k]) + " " + std::to_string(upper[2 * k + 1]), expected[k]) << "edge " << k;
  const auto ids = numbering.OriginalIds();
  const auto node_ids = DataLines(kEnron + "/node_ids.txt");
  ASSERT_EQ(ids.size(), node_ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(std::to_string(ids[i]), node_ids[i]) << "node " << i;
}

TEST(ReadEdgeFile, GzipAndPlainGiveTheSamePairs) {
  const std::string text = "# c\r\n7\t3\r\n\r\n  10 2 \r\n% x\n4 4\n5 6";
  const auto plain = ReadEdgeFile(WriteTemp("e.txt", text));
  const auto gz = ReadEdgeFile(WriteGzip("e.txt.gz", text));
  EXPECT_EQ(Flat(plain.pairs), (std::vector<GlobalId>{7, 3, 10, 2, 4, 4, 5, 6}));
  EXPECT_EQ(Flat(gz.pairs), Flat(plain.pairs));
  EXPECT_EQ(gz.stats.lines, 7);
  EXPECT_EQ(gz.stats.comment_lines, 2);
}

TEST(ReadEdgeFile, TruncatedGzipIsAnError) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += std::to_string(i) + " " + std::to_string(i * 7 % 1000) + "\n";
  const std::string whole = WriteGzip("whole.gz", text);
  std::ifstream in(whole, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const std::size_t keep : {bytes.size() - 4, bytes.size() / 2, std::size_t{20}}) {
    const auto cut = WriteTemp("cut.gz", bytes.substr(0, keep));
    const auto msg = IoErrorMessage([&] { ReadEdgeFile(cut); });
    EXPECT_THAT(msg, HasSubstr("cut.gz")) << keep;
    EXPECT_THAT(msg, HasSubstr("truncated")) << keep << ": " << msg;
  }
}

// Every split point of a small file with comments, CRLF, blank lines and a last line without '\n'.
TEST(ReadEdgeFileRange, AnyTwoRangesConcatenateToTheWholeFile) {
  const std::string text = "# head\r\n1 2\r\n\r\n33\t44\n% c\n  5 6  \n\n7 8\r\n9 10";
  const auto path = WriteTemp("e.txt", text);
  const auto whole = ReadEdgeFileRange(path, 0, text.size());
  ASSERT_FALSE(whole.error);
  EXPECT_EQ(Flat(whole.edges.pairs), (std::vector<GlobalId>{1, 2, 33, 44, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(whole.edges.stats.lines, 9);
  for (std::uint64_t b = 0; b <= text.size(); ++b) {
    const auto left = ReadEdgeFileRange(path, 0, b), right = ReadEdgeFileRange(path, b, text.size());
    auto pairs = Flat(left.edges.pairs);
    const auto more = Flat(right.edges.pairs);
    pairs.insert(pairs.end(), more.begin(), more.end());
    EXPECT_EQ(pairs, Flat(whole.edges.pairs)) << "split at byte " << b;
    EXPECT_EQ(left.edges.stats.lines + right.edges.stats.lines, 9) << "split at byte " << b;
  }
}

// A file big enough for several threads: the same pairs for 1, 2 and 3 threads, and a bad line near the end
// (in the last thread's range) reported with its line in the file.
TEST(ReadEdgeFile, ThreadsGiveTheSamePairsAndFileLineNumbers) {
  std::string text = "# generated\n";
  for (std::int64_t i = 0; i < 1'500'000; ++i)
    text += std::to_string(i * 2654435761 % 1000003) + (i % 3 ? " " : "\t") + std::to_string(i) + (i % 5 ? "\n" : "\r\n");
  const auto path = WriteTemp("big.txt", text);
  const auto one = ReadEdgeFile(path, 1);
  for (const int threads : {2, 3}) {
    const auto many = ReadEdgeFile(path, threads);
    EXPECT_EQ(Flat(many.pairs), Flat(one.pairs)) << threads << " threads";
    EXPECT_EQ(many.stats.lines, one.stats.lines);
    EXPECT_EQ(many.pairs.max_id, one.pairs.max_id);
  }
  const auto bad = WriteTemp("bad.txt", text + "1 2 3\n");
  EXPECT_THAT(IoErrorMessage([&] { ReadEdgeFile(bad, 3); }), HasSubstr("bad.txt:1500002: expected two node ids"));
}

TEST(ReadEdgeFile, EveryMalformedLineClassNamesFileAndLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0 1\n1 x7\n", ":2: expected an integer node id, found 'x7'"},
      {"0 1\n5\n", ":2: expected two node ids 'u v', found 1 token '5'"},
      {"0 1 2\n", ":1: expected two node ids 'u v', found 3 tokens"},
      {"0 1\r\n0 -3\r\n", ":2: expected a non-negative node id, found negative id '-3'"},
      {"9223372036854775808 1\n", ":1: node id '9223372036854775808' does not fit in a signed 64-bit integer"},
      {"", ":1: no edges (empty file)"},
      {"# only\n\n", ":2: no edges (only comments and blank lines)"},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_THAT(IoErrorMessage([&] { ReadEdgeFile(WriteTemp("bad.txt", text)); }), HasSubstr("bad.txt" + expected));
    EXPECT_THAT(IoErrorMessage([&] { ReadEdgeFile(WriteGzip("bad.gz", text)); }), HasSubstr("bad.gz" + expected));
  }
}

TEST(NodeNumbering, ArbitraryIdsAreRenumberedInAscendingOrder) {
  auto e = ReadEdgeFile(WriteTemp("ids.txt", "9223372036854775807 5\n5 1000000000000\n42 5\n"));
  const auto numbering = core::NodeNumbering::OfDistinctIds(e.pairs);  // sparse: the id range is huge
  EXPECT_EQ(numbering.OriginalIds(), (std::vector<GlobalId>{5, 42, 1000000000000, 9223372036854775807}));
  EXPECT_EQ(numbering.Node(1000000000000), 2);
  const auto g = core::BuildSymmetricGraph(std::move(e.pairs), numbering, nullptr);
  EXPECT_EQ(g.indptr, (std::vector<std::int64_t>{0, 3, 4, 5, 6}));
  EXPECT_EQ(g.indices, (std::vector<GlobalId>{1, 2, 3, 0, 0, 0}));
  auto dense = ReadEdgeFile(WriteTemp("dense.txt", "30 10\n10 20\n"));
  const auto small = core::NodeNumbering::OfDistinctIds(dense.pairs);
  EXPECT_EQ(small.OriginalIds(), (std::vector<GlobalId>{10, 20, 30}));
  EXPECT_EQ(small.Node(30), 2);
  EXPECT_EQ(core::NodeNumbering::OfSortedIds({10, 20, 30}).Node(20), 1);
}

TEST(BuildSymmetricGraph, CountsSelfLoopsAndDuplicatesInEitherDirection) {
  auto e = ReadEdgeFile(WriteTemp("e.txt", "1 2\n2 1\n1 2\n3 3\n2 3\n"));
  core::GraphBuildStats stats;
  const auto g = core::BuildSymmetricGraph(std::move(e.pairs), core::NodeNumbering::Identity(4), &stats, 2);
  EXPECT_EQ(stats.input_edges, 5);
  EXPECT_EQ(stats.self_loops, 1);
  EXPECT_EQ(stats.duplicates, 2);
  EXPECT_EQ(stats.reversed, 1);  // "2 1" after "1 2"; the second "1 2" is an exact repeat
  EXPECT_EQ(stats.undirected_edges, 2);
  EXPECT_EQ(g.indptr, (std::vector<std::int64_t>{0, 0, 1, 3, 4}));
  EXPECT_EQ(g.indices, (std::vector<GlobalId>{2, 1, 3, 2}));
}

}  // namespace
}  // namespace vgae::io
