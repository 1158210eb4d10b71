// Edge-list and Matrix Market parsers: committed fixtures (CRLF, tabs, comments, duplicates), the real Cora
// and CiteSeer inputs, and one temp file per malformed class, whose error must name "file:line".
#include "io/text_formats.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "testing/temp_files.h"

namespace vgae::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Fixture(const char* name) { return std::string(VGAE_TEST_DATA_DIR) + "/" + name; }

using testing::IoErrorMessage;
std::string WriteTemp(const std::string& name, const std::string& content) {
  return testing::WriteTempFile("vgae_text_formats", name, content);
}

std::string EdgeError(const std::string& name, const std::string& content) {
  const std::string path = WriteTemp(name, content);
  return IoErrorMessage([&] { ReadEdgeList(path); });
}

std::string MtxError(const std::string& name, const std::string& content) {
  const std::string path = WriteTemp(name, content);
  return IoErrorMessage([&] { ReadMatrixMarket(path); });
}

// ---- edge lists ----

TEST(ReadEdgeList, KeepsEveryDataLineOfCrlfFileWithTabsAndComments) {
  const EdgeList e = ReadEdgeList(Fixture("edges_comments_crlf.txt"));
  // The duplicate 0-1 and the self-loop 3-3 are kept: the parser does not dedup.
  EXPECT_THAT(e.src, ElementsAre(0, 1, 2, 0, 3, 10));
  EXPECT_THAT(e.dst, ElementsAre(1, 2, 3, 1, 3, 4));
  EXPECT_EQ(e.max_id, 10);
  EXPECT_EQ(e.data_lines, 6);
  EXPECT_EQ(e.comment_lines, 3);
}

TEST(ReadEdgeList, CoraHas5278EdgesAndMaxId2707) {
  const EdgeList e = ReadEdgeList(std::string(VGAE_DATA_DIR) + "/cora/edges.txt");
  EXPECT_EQ(e.data_lines, 5278);
  EXPECT_EQ(e.src.size(), 5278u);
  EXPECT_EQ(e.dst.size(), 5278u);
  EXPECT_EQ(e.max_id, 2707);
  EXPECT_GE(e.comment_lines, 1);
  // The file lists each undirected edge once as u<v.
  for (std::size_t k = 0; k < e.src.size(); ++k) ASSERT_LT(e.src[k], e.dst[k]) << "edge " << k;
}

TEST(ReadEdgeList, CiteSeerHas4552Edges) {
  const EdgeList e = ReadEdgeList(std::string(VGAE_DATA_DIR) + "/citeseer/edges.txt");
  EXPECT_EQ(e.data_lines, 4552);
  EXPECT_LE(e.max_id, 3326);
}

TEST(ReadEdgeList, AcceptsLargestInt64Id) {
  const std::string path = WriteTemp("max_id.txt", "9223372036854775807 0\n");
  const EdgeList e = ReadEdgeList(path);
  EXPECT_EQ(e.max_id, std::numeric_limits<std::int64_t>::max());
}

// The reader streams 16 MiB blocks: lines must survive a block boundary, and a line longer than a block must
// grow the buffer rather than be split.
TEST(ReadEdgeList, LinesSpanningBlockBoundariesAndLongerThanABlockParse) {
  std::string text = "# " + std::string((std::size_t{17} << 20), 'x') + "\n";
  constexpr std::int64_t kEdges = 2'000'000;  // about 30 MB of "u v" lines
  for (std::int64_t i = 0; i < kEdges; ++i) text += std::to_string(i) + " " + std::to_string(i + 1) + "\n";
  const std::string path = WriteTemp("big.txt", text);
  const EdgeList e = ReadEdgeList(path);
  std::filesystem::remove(path);
  EXPECT_EQ(e.comment_lines, 1);
  ASSERT_EQ(e.data_lines, kEdges);
  for (std::int64_t i = 0; i < kEdges; ++i) {
    ASSERT_EQ(e.src[i], i) << "line " << i + 2;
    ASSERT_EQ(e.dst[i], i + 1) << "line " << i + 2;
  }
  EXPECT_EQ(e.max_id, kEdges);
}

TEST(ReadEdgeList, MissingFileSaysCannotOpen) {
  const std::string msg = IoErrorMessage([] { ReadEdgeList("/nonexistent/dir/no_such_edges.txt"); });
  EXPECT_THAT(msg, HasSubstr("no_such_edges.txt"));
  EXPECT_THAT(msg, HasSubstr("cannot open"));
}

TEST(ReadEdgeList, NonNumericTokenNamesFileLineAndToken) {
  const std::string msg = EdgeError("bad_token.txt", "0 1\n1 x7\n");
  EXPECT_THAT(msg, HasSubstr("bad_token.txt:2:"));
  EXPECT_THAT(msg, HasSubstr("'x7'"));
}

TEST(ReadEdgeList, TrailingGarbageInTokenIsNonNumeric) {
  EXPECT_THAT(EdgeError("garbage.txt", "0 1\n2 3\n4 5x\n"), HasSubstr("garbage.txt:3: expected an integer"));
  EXPECT_THAT(EdgeError("fraction.txt", "1.5 2\n"), HasSubstr("fraction.txt:1: expected an integer"));
  EXPECT_THAT(EdgeError("plus.txt", "+1 2\n"), HasSubstr("plus.txt:1: expected an integer"));
}

TEST(ReadEdgeList, LineNumbersCountCrlfAndBlankLines) {
  EXPECT_THAT(EdgeError("crlf_bad.txt", "0 1\r\n\r\n# c\r\n2 y\r\n"), HasSubstr("crlf_bad.txt:4:"));
}

TEST(ReadEdgeList, NegativeIdIsRejected) {
  const std::string msg = EdgeError("negative.txt", "0 1\n0 -3\n");
  EXPECT_THAT(msg, HasSubstr("negative.txt:2:"));
  EXPECT_THAT(msg, HasSubstr("negative id '-3'"));
  EXPECT_THAT(EdgeError("minus_zero.txt", "-0 1\n"), HasSubstr("minus_zero.txt:1: expected a non-negative"));
}

TEST(ReadEdgeList, LineWithOneIdIsRejected) {
  const std::string msg = EdgeError("one_id.txt", "0 1\n# comment\n5\n");
  EXPECT_THAT(msg, HasSubstr("one_id.txt:3:"));
  EXPECT_THAT(msg, HasSubstr("expected two node ids"));
}

TEST(ReadEdgeList, LineWithThreeTokensIsRejected) {
  const std::string msg = EdgeError("three_tokens.txt", "0 1 2\n");
  EXPECT_THAT(msg, HasSubstr("three_tokens.txt:1:"));
  EXPECT_THAT(msg, HasSubstr("found 3 tokens"));
  EXPECT_THAT(EdgeError("inline_comment.txt", "0 1\n1 2 # weight\n"), HasSubstr("inline_comment.txt:2:"));
}

TEST(ReadEdgeList, IdOverInt64IsRejected) {
  const std::string msg = EdgeError("huge_id.txt", "0 1\n9223372036854775808 1\n");
  EXPECT_THAT(msg, HasSubstr("huge_id.txt:2:"));
  EXPECT_THAT(msg, HasSubstr("does not fit in a signed 64-bit integer"));
}

TEST(ReadEdgeList, EmptyFileHasNoEdges) {
  const std::string msg = EdgeError("empty.txt", "");
  EXPECT_THAT(msg, HasSubstr("empty.txt:1: no edges (empty file)"));
}

TEST(ReadEdgeList, CommentsOnlyFileHasNoEdges) {
  const std::string msg = EdgeError("comments_only.txt", "# a\n\n% b\n");
  EXPECT_THAT(msg, HasSubstr("comments_only.txt:3:"));
  EXPECT_THAT(msg, HasSubstr("no edges"));
}

// ---- Matrix Market ----

TEST(ReadMatrixMarket, CoordinateSortsRowsSumsDuplicatesDropsZeros) {
  const core::Csr<std::int32_t> m = ReadMatrixMarket(Fixture("features_coordinate.mtx"));
  EXPECT_EQ(m.rows, 3);
  EXPECT_EQ(m.cols, 4);
  EXPECT_THAT(m.indptr, ElementsAre(0, 2, 2, 3));
  EXPECT_THAT(m.indices, ElementsAre(0, 3, 1));
  // (1,2): 1 + -1 sums to zero and is dropped; (3,2): 1.5 + 0.25; (2,3) is an explicit zero.
  EXPECT_THAT(m.values, ElementsAre(0.5f, -0.2f, 1.75f));
}

TEST(ReadMatrixMarket, ArrayIsColumnMajor) {
  const core::Csr<std::int32_t> m = ReadMatrixMarket(Fixture("features_array.mtx"));
  EXPECT_EQ(m.rows, 3);
  EXPECT_EQ(m.cols, 2);
  EXPECT_THAT(m.indptr, ElementsAre(0, 1, 2, 4));
  EXPECT_THAT(m.indices, ElementsAre(0, 1, 0, 1));
  EXPECT_THAT(m.values, ElementsAre(1.0f, 7.0f, -4.0f, 2.0f));
}

TEST(ReadMatrixMarket, PatternEntriesAreOnesWithCrlfAndMixedCaseBanner) {
  const core::Csr<std::int32_t> m = ReadMatrixMarket(Fixture("features_pattern_crlf.mtx"));
  EXPECT_EQ(m.rows, 2);
  EXPECT_EQ(m.cols, 3);
  EXPECT_THAT(m.indptr, ElementsAre(0, 1, 3));
  EXPECT_THAT(m.indices, ElementsAre(0, 0, 2));
  EXPECT_THAT(m.values, ElementsAre(1.0f, 1.0f, 1.0f));
}

TEST(ReadMatrixMarket, ValuesBelowFloatRangeBecomeZerosAndAreDropped) {
  const core::Csr<std::int32_t> m = ReadMatrixMarket(WriteTemp(
      "tiny.mtx", "%%MatrixMarket matrix coordinate real general\n1 3 3\n1 1 1e-400\n1 2 1e-50\n1 3 2.5\n"));
  EXPECT_THAT(m.indices, ElementsAre(2));
  EXPECT_THAT(m.values, ElementsAre(2.5f));
}

TEST(ReadMatrixMarket, EmptyRowsAndNoEntriesAreValid) {
  const core::Csr<std::int32_t> m =
      ReadMatrixMarket(WriteTemp("all_zero.mtx", "%%MatrixMarket matrix coordinate real general\n4 2 0\n"));
  EXPECT_EQ(m.rows, 4);
  EXPECT_EQ(m.cols, 2);
  EXPECT_THAT(m.indptr, ElementsAre(0, 0, 0, 0, 0));
  EXPECT_TRUE(m.indices.empty());
}

void ExpectValidBinaryFeatures(const core::Csr<std::int32_t>& m, std::int64_t rows, std::int64_t cols,
                               std::int64_t nnz) {
  EXPECT_EQ(m.rows, rows);
  EXPECT_EQ(m.cols, cols);
  ASSERT_EQ(m.indptr.size(), static_cast<std::size_t>(rows) + 1);
  EXPECT_EQ(m.Nnz(), nnz);
  ASSERT_EQ(m.indices.size(), static_cast<std::size_t>(nnz));
  ASSERT_EQ(m.values.size(), static_cast<std::size_t>(nnz));
  for (std::int64_t i = 0; i < rows; ++i) {
    ASSERT_LE(m.indptr[i], m.indptr[i + 1]);
    for (std::int64_t k = m.indptr[i]; k < m.indptr[i + 1]; ++k) {
      ASSERT_GE(m.indices[k], 0);
      ASSERT_LT(m.indices[k], cols);
      if (k > m.indptr[i]) {
        ASSERT_LT(m.indices[k - 1], m.indices[k]) << "row " << i;
      }
      ASSERT_EQ(m.values[k], 1.0f);
    }
  }
}

TEST(ReadMatrixMarket, CoraIs2708x1433With49216Ones) {
  ExpectValidBinaryFeatures(ReadMatrixMarket(std::string(VGAE_DATA_DIR) + "/cora/features.mtx"), 2708, 1433,
                            49216);
}

TEST(ReadMatrixMarket, CiteSeerIs3327x3703With105165Ones) {
  ExpectValidBinaryFeatures(ReadMatrixMarket(std::string(VGAE_DATA_DIR) + "/citeseer/features.mtx"), 3327,
                            3703, 105165);
}

TEST(ReadMatrixMarket, MissingFileSaysCannotOpen) {
  const std::string msg = IoErrorMessage([] { ReadMatrixMarket("/nonexistent/dir/no_such_features.mtx"); });
  EXPECT_THAT(msg, HasSubstr("no_such_features.mtx"));
  EXPECT_THAT(msg, HasSubstr("cannot open"));
}

TEST(ReadMatrixMarket, BadBannerIsRejected) {
  EXPECT_THAT(MtxError("no_banner.mtx", "3 4 1\n1 1 1\n"), HasSubstr("no_banner.mtx:1: bad banner"));
  EXPECT_THAT(MtxError("short_banner.mtx", "%%MatrixMarket matrix coordinate real\n1 1 0\n"),
              HasSubstr("short_banner.mtx:1: bad banner"));
  EXPECT_THAT(MtxError("vector_banner.mtx", "%%MatrixMarket vector coordinate real general\n1 1 0\n"),
              HasSubstr("vector_banner.mtx:1: bad banner: unsupported object 'vector'"));
  EXPECT_THAT(MtxError("format_banner.mtx", "%%MatrixMarket matrix sparse real general\n1 1 0\n"),
              HasSubstr("format_banner.mtx:1: bad banner: unsupported format 'sparse'"));
  EXPECT_THAT(MtxError("empty.mtx", ""), HasSubstr("empty.mtx:1: bad banner"));
}

TEST(ReadMatrixMarket, UnsupportedFieldIsRejected) {
  EXPECT_THAT(MtxError("complex.mtx", "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n"),
              HasSubstr("complex.mtx:1: unsupported field 'complex'"));
  EXPECT_THAT(MtxError("array_pattern.mtx", "%%MatrixMarket matrix array pattern general\n1 1\n"),
              HasSubstr("array_pattern.mtx:1: unsupported field 'pattern'"));
}

TEST(ReadMatrixMarket, UnsupportedSymmetryIsRejected) {
  for (const char* symmetry : {"hermitian", "skew-symmetric", "symmetric"}) {
    const std::string msg = MtxError("symmetry.mtx", std::string("%%MatrixMarket matrix coordinate real ") +
                                                         symmetry + "\n2 2 1\n1 1 1\n");
    EXPECT_THAT(msg, HasSubstr("symmetry.mtx:1: unsupported symmetry '" + std::string(symmetry) + "'"));
  }
}

TEST(ReadMatrixMarket, BadSizeLineIsRejected) {
  const std::string banner = "%%MatrixMarket matrix coordinate real general\n% c\n";
  EXPECT_THAT(MtxError("size_tokens.mtx", banner + "3 4\n"),
              HasSubstr("size_tokens.mtx:3: expected size line"));
  EXPECT_THAT(MtxError("size_text.mtx", banner + "3 four 1\n"),
              HasSubstr("size_text.mtx:3: expected an integer"));
  EXPECT_THAT(MtxError("size_negative.mtx", banner + "-3 4 0\n"), HasSubstr("size_negative.mtx:3:"));
  EXPECT_THAT(MtxError("size_missing.mtx", banner), HasSubstr("size_missing.mtx:2: expected size line"));
  EXPECT_THAT(MtxError("array_size.mtx", "%%MatrixMarket matrix array real general\n3 4 12\n"),
              HasSubstr("array_size.mtx:2: expected size line 'rows cols'"));
}

TEST(ReadMatrixMarket, ColumnsOverInt32AreRejected) {
  EXPECT_THAT(MtxError("wide.mtx", "%%MatrixMarket matrix coordinate real general\n2 2147483648 0\n"),
              HasSubstr("wide.mtx:2: column count 2147483648 does not fit in int32"));
}

TEST(ReadMatrixMarket, FewerEntriesThanDeclaredIsRejected) {
  const std::string msg =
      MtxError("fewer.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n2 2 1\n");
  EXPECT_THAT(msg, HasSubstr("fewer.mtx:4: found 2 entries, fewer than the 3 declared on line 2"));
  EXPECT_THAT(MtxError("array_fewer.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n"),
              HasSubstr("array_fewer.mtx:5: found 3 entries, fewer than the 4"));
}

TEST(ReadMatrixMarket, MoreEntriesThanDeclaredIsRejected) {
  EXPECT_THAT(MtxError("more.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 1\n1 1 1\n2 2 1\n"),
              HasSubstr("more.mtx:4: more entries than the 1 declared on line 2"));
  EXPECT_THAT(MtxError("array_more.mtx", "%%MatrixMarket matrix array real general\n1 2\n1\n2\n3\n"),
              HasSubstr("array_more.mtx:5: more entries than the 2"));
}

TEST(ReadMatrixMarket, IndexOutsideDeclaredSizeIsRejected) {
  const std::string head = "%%MatrixMarket matrix coordinate real general\n3 4 2\n1 1 1\n";
  EXPECT_THAT(MtxError("row_zero.mtx", head + "0 1 1\n"),
              HasSubstr("row_zero.mtx:4: row index 0 outside 1..3"));
  EXPECT_THAT(MtxError("row_big.mtx", head + "4 1 1\n"),
              HasSubstr("row_big.mtx:4: row index 4 outside 1..3"));
  EXPECT_THAT(MtxError("col_big.mtx", head + "1 5 1\n"),
              HasSubstr("col_big.mtx:4: column index 5 outside 1..4"));
}

TEST(ReadMatrixMarket, EntryWithWrongTokenCountIsRejected) {
  EXPECT_THAT(MtxError("entry_short.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 1\n1 1\n"),
              HasSubstr("entry_short.mtx:3: expected entry 'row col value'"));
  EXPECT_THAT(
      MtxError("pattern_long.mtx", "%%MatrixMarket matrix coordinate pattern general\n3 3 1\n1 1 1\n"),
      HasSubstr("pattern_long.mtx:3: expected entry 'row col'"));
}

TEST(ReadMatrixMarket, NonNumericValueIsRejected) {
  const std::string head = "%%MatrixMarket matrix coordinate real general\n2 2 1\n";
  EXPECT_THAT(MtxError("value_text.mtx", head + "1 1 abc\n"),
              HasSubstr("value_text.mtx:3: expected a real value, found 'abc'"));
  EXPECT_THAT(MtxError("value_suffix.mtx", head + "1 1 1.5x\n"),
              HasSubstr("value_suffix.mtx:3: expected a real value"));
  EXPECT_THAT(MtxError("index_text.mtx", head + "1 b 1\n"),
              HasSubstr("index_text.mtx:3: expected an integer column index"));
  EXPECT_THAT(
      MtxError("int_fraction.mtx", "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n"),
      HasSubstr("int_fraction.mtx:3: expected an integer value"));
}

TEST(ReadMatrixMarket, NonFiniteValueIsRejected) {
  const std::string head = "%%MatrixMarket matrix coordinate real general\n2 2 1\n";
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "1e400", "1e39"}) {
    const std::string msg = MtxError("non_finite.mtx", head + "2 2 " + bad + "\n");
    EXPECT_THAT(msg, HasSubstr("non_finite.mtx:3: non-finite value")) << bad;
  }
  EXPECT_THAT(MtxError("array_nan.mtx", "%%MatrixMarket matrix array real general\n1 2\n1\nnan\n"),
              HasSubstr("array_nan.mtx:4: non-finite value"));
}

// ---- in-memory parsers (what the fuzzers call) ----

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(ParseEdgeList, MatchesReadEdgeListOnFixtureAndInErrors) {
  const std::string path = Fixture("edges_comments_crlf.txt");
  const EdgeList a = ReadEdgeList(path), b = ParseEdgeList(Slurp(path), path);
  EXPECT_EQ(a.src, b.src);
  EXPECT_EQ(a.dst, b.dst);
  EXPECT_EQ(a.max_id, b.max_id);
  EXPECT_EQ(a.comment_lines, b.comment_lines);
  const std::string bad = Fixture("edges_malformed.txt");
  EXPECT_EQ(IoErrorMessage([&] { ReadEdgeList(bad); }), IoErrorMessage([&] { ParseEdgeList(Slurp(bad), bad); }));
  EXPECT_THAT(IoErrorMessage([] { ParseEdgeList("", "empty.txt"); }), HasSubstr("empty.txt:1: no edges"));
}

TEST(ParseMatrixMarket, MatchesReadMatrixMarketAndBoundsRows) {
  const std::string path = Fixture("features_coordinate.mtx");
  const auto a = ReadMatrixMarket(path), b = ParseMatrixMarket(Slurp(path), path);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.cols, b.cols);
  EXPECT_EQ(a.indptr, b.indptr);
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.values, b.values);
  const std::string text = "%%MatrixMarket matrix coordinate real general\n% c\n100 2 0\n";
  EXPECT_EQ(ParseMatrixMarket(text, "x.mtx", 100).rows, 100);
  EXPECT_THAT(IoErrorMessage([&] { ParseMatrixMarket(text, "x.mtx", 99); }),
              HasSubstr("x.mtx:3: row count 100 is over the limit of 99 rows"));
}

TEST(ReadMatrixMarket, RowCountTooLargeToAllocateIsAnIoErrorNamingTheSizeLine) {
  const std::string msg = MtxError("huge_rows.mtx", "%%MatrixMarket matrix coordinate real general\n4000000000000000000 1 0\n");
  EXPECT_THAT(msg, HasSubstr("huge_rows.mtx:2: cannot allocate the row offsets of the 4000000000000000000 rows"));
}

}  // namespace
}  // namespace vgae::io
