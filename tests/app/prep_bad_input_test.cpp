// Every class of malformed prep input, end to end: the command exits non-zero, names the file and the line (or
// dataset, or row and column) and what was expected, and leaves neither the graph file nor a *.partial behind
// — single process and, for the edge list, under mpirun with 2 ranks (the bad line then lies in rank 1's range).
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "app/command.h"

namespace vgae::testing {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  std::string edges;     // content of edges.txt (edges.txt.gz when gzip)
  std::string features;  // content of the features file ("" = none); name from features_name
  std::string features_name = "f.mtx";
  std::vector<std::string> expected;  // substrings of the output
  bool gzip = false;
  bool truncate = false;  // cut the .gz short
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }  // test names instead of a byte dump

std::string Lines(int from, int to) {  // "from from+1\n" ... : valid lines that push a bad one later in the file
  std::string s;
  for (int i = from; i < to; ++i) s += std::to_string(i) + " " + std::to_string(i + 1) + "\n";
  return s;
}

std::string Npy(const std::string& shape, const std::vector<float>& data) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string out = std::string("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(dict.size());
  out += '\0';
  return out + dict + std::string(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(float));
}

const float kNan = std::numeric_limits<float>::quiet_NaN();

std::vector<Case> Cases() {
  const std::string head = "%%MatrixMarket matrix coordinate real general\n";
  return {
      {"NonNumericToken", Lines(0, 3000) + "5 x7\n" + Lines(0, 10), "", "", {"edges.txt:3001:", "expected an integer", "'x7'"}},
      {"OneId", Lines(0, 3000) + "5\n", "", "", {"edges.txt:3001:", "expected two node ids", "1 token"}},
      {"ThreeIds", "# c\n" + Lines(0, 3000) + "5 6 7\n", "", "", {"edges.txt:3002:", "found 3 tokens"}},
      {"NegativeId", Lines(0, 3000) + "5 -6\r\n", "", "", {"edges.txt:3001:", "negative id '-6'"}},
      {"EmptyFile", "", "", "", {"edges.txt:1: no edges (empty file)"}},
      {"OnlyComments", "# a\n% b\n\n", "", "", {"edges.txt:3: no edges"}},
      {"IdBeyondFeatureRows", "0 1\n1 2\n2 5\n", head + "3 2 1\n1 1 1.0\n", "f.mtx",
       {"edges.txt", "node id 5 is out of range", "f.mtx has 3 nodes", "data line 3"}},
      {"NanInMatrixMarket", "0 1\n", head + "2 2 2\n1 1 1.0\n2 2 nan\n", "f.mtx", {"f.mtx:4: non-finite value 'nan'"}},
      {"MatrixMarketSizeLineLies", "0 1\n", head + "2 2 3\n1 1 1.0\n2 2 2.0\n", "f.mtx",
       {"f.mtx:", "found 2 entries, fewer than the 3 declared on line 2"}},
      {"InfInNpy", "0 1\n", Npy("(2, 2)", {1, 2, kNan, 4}), "f.npy", {"f.npy: row 1 column 0: non-finite value"}},
      {"NpyTruncated", "0 1\n", Npy("(2, 2)", {1, 2, 3}), "f.npy", {"f.npy: has 12 data bytes, expected 16"}},
      {"TruncatedGzip", Lines(0, 50000), "", "", {"edges.txt.gz: truncated gzip data"}, true, true},
      {"BadLineInGzip", Lines(0, 3000) + "1 2 3\n", "", "", {"edges.txt.gz:3001: expected two node ids"}, true},
  };
}

class PrepBadInput : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override { dir_ = FreshDir("prep_bad_" + GetParam().name); }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string Write() {
    const Case& c = GetParam();
    std::string edges = (dir_ / "edges.txt").string();
    if (c.gzip) {
      edges += ".gz";
      gzFile gz = gzopen(edges.c_str(), "wb");
      gzwrite(gz, c.edges.data(), static_cast<unsigned>(c.edges.size()));
      gzclose(gz);
      if (c.truncate) fs::resize_file(edges, fs::file_size(edges) / 2);
    } else {
      std::ofstream(edges, std::ios::binary) << c.edges;
    }
    std::string args = " prep --edges " + edges + " --out " + (dir_ / "g.h5").string();
    if (!c.features.empty()) {
      std::ofstream((dir_ / c.features_name).string(), std::ios::binary) << c.features;
      args += " --features " + (dir_ / c.features_name).string();
    }
    return args;
  }
  void ExpectFailure(const std::string& command) {
    const auto r = RunCommand(command, 120);
    EXPECT_NE(r.exit_code, 0) << command << "\n" << r.output;
    EXPECT_NE(r.exit_code, 124) << "timed out: " << command;
    for (const auto& e : GetParam().expected) EXPECT_NE(r.output.find(e), std::string::npos) << e << " not in:\n" << r.output;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      EXPECT_NE(entry.path().filename(), "g.h5") << command;
      EXPECT_NE(entry.path().extension(), ".partial") << command;
    }
  }
  fs::path dir_;
};

TEST_P(PrepBadInput, FailsNamingFileAndLineAndLeavesNothing) {
  const auto args = Write();
  ExpectFailure(Binary() + args);
  ExpectFailure(Mpirun(2) + args);
}

INSTANTIATE_TEST_SUITE_P(EveryClass, PrepBadInput, ::testing::ValuesIn(Cases()),
                         [](const auto& test_info) { return test_info.param.name; });

}  // namespace
}  // namespace vgae::testing
