// The threaded float kernels against double references, and their determinism: every kernel must give
// bit-identical results at 1, 2 and 3 threads (core/parallel.h), and the overlapped row split (interior rows,
// then boundary rows) must equal the plain product.
#include <algorithm>
#include <gtest/gtest.h>
#include <cmath>

#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <tuple>
#include <vector>

#include "core/dense.h"
#include "core/loss.h"
#include "core/parallel.h"
#include "core/spmm.h"
#include "testing/random_matrix.h"

namespace vgae::core {
namespace {

using testing::RandomMatrix;

// rows × cols with about `per_row` entries per row (power-law-ish: some rows long), values in [-1, 1).
Csr<LocalId> SparseRandom(std::int64_t rows, std::int64_t cols, int per_row, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int64_t> col(0, cols - 1);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  Csr<LocalId> a;
  a.rows = rows;
  a.cols = cols;
  for (std::int64_t i = 0; i < rows; ++i) {
    const int n = (i % 97 == 0) ? 20 * per_row : per_row;
    std::vector<LocalId> cs;
    for (int k = 0; k < n; ++k) cs.push_back(static_cast<LocalId>(col(rng)));
    std::sort(cs.begin(), cs.end());
    cs.erase(std::unique(cs.begin(), cs.end()), cs.end());
    for (auto c : cs) {
      a.indices.push_back(c);
      a.values.push_back(value(rng));
    }
    a.indptr.push_back(static_cast<std::int64_t>(a.indices.size()));
  }
  return a;
}

RowMatrixXd DenseProduct(const Csr<LocalId>& a, const RowMatrixXf& m) {
  RowMatrixXd out = RowMatrixXd::Zero(a.rows, m.cols());
  for (std::int64_t i = 0; i < a.rows; ++i)
    for (auto k = a.indptr[i]; k < a.indptr[i + 1]; ++k)
      out.row(i) += static_cast<double>(a.values[k]) * m.row(a.indices[k]).cast<double>();
  return out;
}

double RelErr(const RowMatrixXf& found, const RowMatrixXd& expected) {
  return (found.cast<double>() - expected).norm() / std::max(expected.norm(), 1e-30);
}

// Runs fn at 1, 2 and 3 threads and checks the three results are identical bit for bit. The threaded paths are
// forced (SetThreadUse(kAll)): left to choose, a call may keep to one thread.
template <typename Fn>
void ExpectSameAtAnyThreadCount(Fn fn) {
  const int before = NumThreads();
  SetThreadUse(ThreadUse::kAll);
  SetNumThreads(1);
  const RowMatrixXf one = fn();
  for (int t : {2, 3}) {
    SetNumThreads(t);
    const RowMatrixXf many = fn();
    ASSERT_EQ(many.rows(), one.rows());
    EXPECT_TRUE((many.array() == one.array()).all()) << t << " threads differ from 1";
  }
  SetNumThreads(before);
  SetThreadUse(ThreadUse::kChoose);
}

// Rows of width d that make a source past kSpMMPrefetchSourceBytes (the prefetching SpMM kernels).
std::int64_t RowsPastPrefetchThreshold(int d) {
  return static_cast<std::int64_t>(kSpMMPrefetchSourceBytes / (sizeof(float) * static_cast<std::size_t>(d))) + 4096;
}

class WidthTest : public ::testing::TestWithParam<int> {};

TEST_P(WidthTest, SpMMMatchesDoubleAndIsThreadCountIndependent) {
  const int d = GetParam();
  const auto a = SparseRandom(5000, 4000, 6, 1);
  const RowMatrixXf m = RandomMatrix(4000, d, 2);
  RowMatrixXf out(5000, d);
  SpMM(a.View(), m, out);
  EXPECT_LT(RelErr(out, DenseProduct(a, m)), 1e-6);
  RowMatrixXf relu(5000, d);
  SpMM(a.View(), m, relu, Epilogue::kRelu);
  EXPECT_TRUE((relu.array() == out.array().max(0.0f)).all());
  // The cap on the right half (logσ): a source scaled so that about a third of the sums pass it.
  const RowMatrixXf loud = 20.0f * m;
  RowMatrixXf plain(5000, d), capped(5000, d);
  SpMM(a.View(), loud, plain);
  SpMM(a.View(), loud, capped, Epilogue::kCapRightHalf);
  const auto right = d - d / 2;
  EXPECT_TRUE((capped.leftCols(d / 2).array() == plain.leftCols(d / 2).array()).all());
  EXPECT_TRUE((capped.rightCols(right).array() == plain.rightCols(right).array().min(kRightHalfCap)).all());
  EXPECT_GT((plain.rightCols(right).array() > kRightHalfCap).count(), 1000);
  ExpectSameAtAnyThreadCount([&] {
    RowMatrixXf o(5000, d);
    SpMM(a.View(), m, o);
    return o;
  });
}

// Sources past kSpMMPrefetchSourceBytes take the prefetching kernels: the same entries over a large source give
// the bits the cached kernels give over its first rows, and rows gathered from all over it match double.
TEST_P(WidthTest, SpMMOverLargeSourcesEqualsTheCachedKernelAndDouble) {
  const int d = GetParam();
  const std::int64_t small = 4000;
  const auto big = RowsPastPrefetchThreshold(d);
  const RowMatrixXf m = RandomMatrix(big, d, 8);
  const auto narrow = SparseRandom(3000, small, 6, 7);
  auto wide = narrow;
  wide.cols = big;
  RowMatrixXf cached(3000, d), prefetched(3000, d);
  SpMM(narrow.View(), m.topRows(small), cached);
  SpMM(wide.View(), m, prefetched, Epilogue::kRelu);
  EXPECT_TRUE((prefetched.array() == cached.array().max(0.0f)).all());
  const auto spread = SparseRandom(3000, big, 6, 9);
  RowMatrixXf out(3000, d);
  SpMM(spread.View(), m, out);
  EXPECT_LT(RelErr(out, DenseProduct(spread, m)), 1e-6);
  ExpectSameAtAnyThreadCount([&] {
    RowMatrixXf o(3000, d);
    SpMM(spread.View(), m, o);
    return o;
  });
}

// Gather::kScattered (the feature products) prefetches from sources past kSpMMPrefetchScatteredSourceBytes, where
// kLocal does not yet: over a source between the two thresholds both give the same bits, with and without values,
// at any thread count, and match double.
TEST_P(WidthTest, ScatteredGathersGiveTheLocalKernelsBits) {
  static_assert(4 * kSpMMPrefetchScatteredSourceBytes < kSpMMPrefetchSourceBytes);
  const int d = GetParam();
  const auto rows = static_cast<std::int64_t>(2 * kSpMMPrefetchScatteredSourceBytes / (sizeof(float) * d));
  const RowMatrixXf m = RandomMatrix(rows, d, 11);
  auto a = SparseRandom(3000, rows, 30, 12);
  for (bool pattern : {false, true}) {
    if (pattern) std::fill(a.values.begin(), a.values.end(), 1.0f);
    auto view = a.View();
    if (pattern) view.values = {};
    RowMatrixXf local(3000, d), scattered(3000, d);
    SpMM(view, m, local);
    SpMM(view, m, scattered, Epilogue::kNone, Gather::kScattered);
    EXPECT_TRUE((scattered.array() == local.array()).all()) << (pattern ? "pattern" : "values");
    EXPECT_LT(RelErr(scattered, DenseProduct(a, m)), 1e-6);
    ExpectSameAtAnyThreadCount([&] {
      RowMatrixXf o(3000, d);
      SpMM(view, m, o, Epilogue::kNone, Gather::kScattered);
      return o;
    });
  }
}

TEST_P(WidthTest, InteriorThenBoundaryRowsEqualThePlainProduct) {
  const int d = GetParam();
  const auto a = SparseRandom(3000, 3000, 5, 3);
  const RowMatrixXf m = RandomMatrix(3000, d, 4);
  std::vector<LocalId> even, odd;
  for (LocalId i = 0; i < 3000; ++i) (i % 3 ? odd : even).push_back(i);
  RowMatrixXf plain(3000, d), split(3000, d);
  SpMM(a.View(), m, plain, Epilogue::kRelu);
  int progress_calls = 0;
  SpMMRows(a.View(), m, split, even, Epilogue::kRelu, [&] { ++progress_calls; });
  SpMMRows(a.View(), m, split, odd, Epilogue::kRelu);
  EXPECT_TRUE((plain.array() == split.array()).all());
  EXPECT_GE(progress_calls, 1);
  const RowMatrixXf loud = 20.0f * m;  // sums past the cap on the right half
  SpMM(a.View(), loud, plain, Epilogue::kCapRightHalf);
  SpMMRows(a.View(), loud, split, even, Epilogue::kCapRightHalf);
  SpMMRows(a.View(), loud, split, odd, Epilogue::kCapRightHalf);
  EXPECT_TRUE((plain.array() == split.array()).all());
  EXPECT_TRUE((plain.rightCols(d - d / 2).array() <= kRightHalfCap).all());
}

// The same over a source past kSpMMPrefetchSourceBytes: the listed rows take the kernels that prefetch along the
// list (ListAhead), which must add exactly what the plain product adds, at any thread count; lists that end
// mid-row-block and a list of one row included.
TEST_P(WidthTest, ListedRowsOverLargeSourcesEqualThePlainProduct) {
  const int d = GetParam();
  const auto big = RowsPastPrefetchThreshold(d);
  const RowMatrixXf m = RandomMatrix(big, d, 12);
  auto a = SparseRandom(3000, big, 7, 13);
  std::vector<LocalId> interior, boundary;
  for (LocalId i = 0; i < 3000; ++i) (i % 5 == 1 || i % 7 == 0 ? boundary : interior).push_back(i);
  RowMatrixXf plain(3000, d);
  SpMM(a.View(), m, plain);
  ExpectSameAtAnyThreadCount([&] {
    RowMatrixXf split(3000, d);
    SpMMRows(a.View(), m, split, interior, Epilogue::kNone);
    SpMMRows(a.View(), m, split, boundary, Epilogue::kNone);
    EXPECT_TRUE((plain.array() == split.array()).all());
    return split;
  });
  const std::vector<LocalId> last{2999};
  RowMatrixXf one = plain;
  one.row(2999).setConstant(-1.0f);
  SpMMRows(a.View(), m, one, last, Epilogue::kNone);
  EXPECT_TRUE((plain.array() == one.array()).all());
}

// The prefetch distance is chosen while running (PrefetchChooser): every distance, fixed or being chosen, must give
// the same bits, for rows in storage order and listed rows, local and scattered gathers.
TEST_P(WidthTest, EveryPrefetchDistanceGivesTheSameBits) {
  const int d = GetParam();
  const auto big = RowsPastPrefetchThreshold(d);
  const RowMatrixXf m = RandomMatrix(big, d, 14);
  const auto a = SparseRandom(2000, big, 9, 15);
  std::vector<LocalId> odd;
  for (LocalId i = 1; i < 2000; i += 2) odd.push_back(i);
  auto products = [&] {
    RowMatrixXf all(2000, d), listed = RowMatrixXf::Zero(2000, d), scattered(2000, d);
    SpMM(a.View(), m, all, Epilogue::kRelu);
    SpMMRows(a.View(), m, listed, odd, Epilogue::kNone);
    SpMM(a.View(), m, scattered, Epilogue::kNone, Gather::kScattered);
    return std::tuple{all, listed, scattered};
  };
  SetSpMMPrefetchLines(kPrefetchLineChoices[0]);
  const auto [all, listed, scattered] = products();
  EXPECT_LT(RelErr(scattered, DenseProduct(a, m)), 1e-6);
  for (const std::int64_t lines : kPrefetchLineChoices) {
    SetSpMMPrefetchLines(lines);
    const auto [a2, l2, s2] = products();
    EXPECT_TRUE((a2.array() == all.array()).all()) << lines << " lines";
    EXPECT_TRUE((l2.array() == listed.array()).all()) << lines << " lines";
    EXPECT_TRUE((s2.array() == scattered.array()).all()) << lines << " lines";
  }
  SetSpMMPrefetchLines(0);  // choosing: the first calls try every distance in turn
  for (int call = 0; call < 10; ++call) {
    const auto [a2, l2, s2] = products();
    EXPECT_TRUE((a2.array() == all.array()).all()) << "call " << call;
    EXPECT_TRUE((l2.array() == listed.array()).all()) << "call " << call;
    EXPECT_TRUE((s2.array() == scattered.array()).all()) << "call " << call;
  }
}

// The chooser tries every distance twice in turn, keeps each one's fastest time, then sticks to the fastest.
TEST(PrefetchChooser, TriesEachDistanceTwiceThenKeepsTheFastest) {
  PrefetchChooser chooser;
  constexpr auto n = std::size(kPrefetchLineChoices);
  static_assert(n == 4, "the timings below are for four choices");
  // ns per non-zero by trial: the third choice fastest in its second trial, the first fastest in the first round.
  const double times[2][n] = {{3.0, 5.0, 4.0, 6.0}, {9.0, 9.0, 2.5, 9.0}};
  for (int round = 0; round < 2; ++round)
    for (std::size_t c = 0; c < n; ++c) {
      EXPECT_FALSE(chooser.Chosen());
      ASSERT_EQ(chooser.Next(), kPrefetchLineChoices[c]) << "round " << round;
      chooser.Record(chooser.Next(), times[round][c]);
    }
  EXPECT_TRUE(chooser.Chosen());
  EXPECT_EQ(chooser.Next(), kPrefetchLineChoices[2]);
  chooser.Record(kPrefetchLineChoices[0], 0.1);  // once chosen, later timings change nothing
  EXPECT_EQ(chooser.Next(), kPrefetchLineChoices[2]);
  PrefetchChooser slow_first;  // the first choice kept when it is the fastest
  for (std::size_t t = 0; t < 2 * n; ++t) {
    const auto lines = slow_first.Next();
    slow_first.Record(lines, lines == kPrefetchLineChoices[0] ? 1.0 : 2.0);
  }
  EXPECT_EQ(slow_first.Next(), kPrefetchLineChoices[0]);
}

TEST(FastestWay, TriesEachWayInTurnThenKeepsTheLowestCost) {
  FastestWay<3, 2> way;
  const double costs[2][3] = {{4.0, 3.0, 5.0}, {9.0, 9.0, 2.0}};  // the last way fastest in its second round
  for (int round = 0; round < 2; ++round)
    for (int w = 0; w < 3; ++w) {
      EXPECT_FALSE(way.Chosen());
      ASSERT_EQ(way.Next(), w) << "round " << round;
      way.Record(w, costs[round][w]);
    }
  EXPECT_TRUE(way.Chosen());
  EXPECT_EQ(way.Next(), 2);
  way.Record(0, 0.1);  // once chosen, later costs change nothing
  EXPECT_EQ(way.Next(), 2);
  FastestWay<2, 1> tie;  // equal costs keep the lower way
  tie.Record(0, 1.0);
  tie.Record(1, 1.0);
  EXPECT_EQ(tie.Next(), 0);
}

// ParallelChunks' choice between one thread and all, fed timings: each way twice in turn, per size class (n's
// highest bit) and thread count, timed per item.
TEST(ThreadChoices, TimesAllThreadsAndOnePerSizeClassThenKeepsTheFaster) {
  ThreadChoices choices;
  const double slow = 2 * ThreadChoices::kOneThreadBelowNs;  // calls long enough for the timing to decide
  for (int round = 0; round < 3; ++round)
    for (const bool all : {true, false}) {
      const auto call = choices.Next(1000, 2);
      EXPECT_TRUE(call.timed);
      ASSERT_EQ(call.all, all) << "round " << round;
      choices.Record(1000, 2, all, all ? slow : slow - 1 - round);  // one thread faster
    }
  EXPECT_FALSE(choices.Next(1000, 2).timed);
  EXPECT_FALSE(choices.Next(1000, 2).all);
  EXPECT_FALSE(choices.Next(1023, 2).all);   // same size class
  EXPECT_TRUE(choices.Next(1024, 2).timed);  // another size class, not chosen yet
  EXPECT_TRUE(choices.Next(1000, 3).timed);  // another thread count
  // Timed per item: 1,100 items in `slow` ns on one thread lose to 2,000 items in 1.5 × slow on all.
  for (int round = 0; round < 3; ++round)
    for (const bool all : {true, false}) {
      ASSERT_EQ(choices.Next(2000, 4).all, all);
      choices.Record(all ? 2000 : 1100, 4, all, all ? 1.5 * slow : slow);
    }
  EXPECT_TRUE(choices.Next(2000, 4).all);
  // The same timings 100 times shorter: one thread's calls under kOneThreadBelowNs keep to one thread.
  for (int round = 0; round < 3; ++round)
    for (const bool all : {true, false}) {
      ASSERT_EQ(choices.Next(2000, 5).all, all);
      choices.Record(all ? 2000 : 1100, 5, all, (all ? 1.5 * slow : slow) / 100);
    }
  EXPECT_FALSE(choices.Next(2000, 5).timed);
  EXPECT_FALSE(choices.Next(2000, 5).all);
  // A call that takes over kAllThreadsAboveNs on all threads keeps them at once.
  EXPECT_TRUE(choices.Next(1 << 20, 2).all);
  choices.Record(1 << 20, 2, true, 2 * ThreadChoices::kAllThreadsAboveNs);
  EXPECT_FALSE(choices.Next(1 << 20, 2).timed);
  EXPECT_TRUE(choices.Next(1 << 20, 2).all);
  // SetThreadUse fixes the way and stops the timing.
  SetThreadUse(ThreadUse::kOne);
  EXPECT_FALSE(choices.Next(1000, 6).all);
  EXPECT_FALSE(choices.Next(1000, 6).timed);
  SetThreadUse(ThreadUse::kAll);
  EXPECT_TRUE(choices.Next(1000, 2).all);
  SetThreadUse(ThreadUse::kChoose);
}

// The threads ParallelChunks runs fn on, chosen or told (kAll), and under SetThreadUse; every chunk exactly once.
TEST(ParallelChunks, RunsEveryChunkOnceOnTheThreadsItWasToldOrChose) {
  const int before = NumThreads();
  SetNumThreads(2);
  constexpr std::int64_t kN = 100000, kGrain = 1000;
  auto team = [&](auto&& parallel) {
    std::vector<int> seen(kN / kGrain, 0), team_size(kN / kGrain, 0);
    parallel(kN, kGrain, [&](std::int64_t b, std::int64_t e) {
      EXPECT_EQ(e - b, kGrain);
      ++seen[static_cast<std::size_t>(b / kGrain)];
      team_size[static_cast<std::size_t>(b / kGrain)] = omp_get_num_threads();
    });
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int s) { return s == 1; }));
    return *std::max_element(team_size.begin(), team_size.end());
  };
  auto chosen = [](std::int64_t n, std::int64_t g, auto&& fn) { ParallelChunks(n, g, fn); };
  auto on_all = [](std::int64_t n, std::int64_t g, auto&& fn) { ParallelChunks(n, g, fn, ThreadUse::kAll); };
  SetThreadUse(ThreadUse::kOne);
  EXPECT_EQ(team(chosen), 1);
  EXPECT_EQ(team(on_all), 1);
  SetThreadUse(ThreadUse::kAll);
  EXPECT_EQ(team(chosen), 2);
  EXPECT_EQ(team(on_all), 2);
  SetThreadUse(ThreadUse::kChoose);
  EXPECT_EQ(team(on_all), 2);
  // Choosing: the first calls alternate two threads and one (three rounds), then one of them stays; or, when a
  // call on two threads took over ThreadChoices::kAllThreadsAboveNs (a loaded machine: this one takes
  // microseconds), two threads stay from then on.
  std::vector<int> teams;
  for (int call = 0; call < 10; ++call) teams.push_back(team(chosen));
  std::size_t call = 0;
  for (; call < 6 && teams[call] == (call % 2 == 0 ? 2 : 1); ++call) {
  }
  if (call < 6) {
    EXPECT_EQ(call % 2, 1u) << "call " << call << " ran on " << teams[call] << " threads";
    EXPECT_TRUE(std::all_of(teams.begin() + static_cast<std::ptrdiff_t>(call), teams.end(), [](int t) { return t == 2; }));
  } else {
    EXPECT_TRUE(std::all_of(teams.begin() + 6, teams.end(), [&](int t) { return t == teams[6]; }));
  }
  SetNumThreads(before);
}

TEST_P(WidthTest, TransposedProductEqualsTheSerialScatter) {
  const int d = GetParam();
  const auto x = SparseRandom(6000, 700, 8, 5);
  const RowMatrixXf g = RandomMatrix(6000, d, 6);
  RowMatrixXf scatter = RowMatrixXf::Zero(700, d);
  SpMMTransposeAdd(x.View(), g, scatter);
  const auto xt = Transpose(x.View());
  ValidateCsr(xt.View(), "Xt");
  ExpectSameAtAnyThreadCount([&] {
    RowMatrixXf o(700, d);
    SpMM(xt.View(), g, o);
    // Same summation order as the scatter; equal up to the compiler's FMA contraction of one loop or the other.
    EXPECT_LT(RelErr(o, scatter.cast<double>()), 1e-6);
    return o;
  });
}

TEST_P(WidthTest, DenseProductsMatchDoubleAndAreThreadCountIndependent) {
  const int d = GetParam();
  const RowMatrixXf h = RandomMatrix(4500, 32, 7), w = RandomMatrix(32, d, 8), g = RandomMatrix(4500, d, 9);
  RowMatrixXf p(4500, d), gw(32, d);
  RowsTimes(h, w, p);
  EXPECT_LT(RelErr(p, h.cast<double>() * w.cast<double>()), 1e-6);
  TransposeTimesWorkspace ws;
  TransposeTimes(h, g, gw, ws);
  EXPECT_LT(RelErr(gw, h.cast<double>().transpose() * g.cast<double>()), 1e-5);
  ExpectSameAtAnyThreadCount([&] {
    RowMatrixXf o(4500, d);
    RowsTimes(h, w, o);
    return o;
  });
  ExpectSameAtAnyThreadCount([&] {
    RowMatrixXf o(32, d);
    TransposeTimesWorkspace fresh;
    TransposeTimes(h, g, o, fresh);
    return o;
  });
}

// TransposeTimes adds, for each element, the rows of each 1,024-row block in row order (one fused multiply-add
// each), then the blocks' partials in block order: bit for bit, however the kernel tiles the rows (it passes
// over slices of them band by band) and however many threads run. 4,500 rows: four full blocks and a short one.
TEST_P(WidthTest, TransposedDenseProductAddsRowsInOrderByBlock) {
  const int d = GetParam();
  const RowMatrixXf h = RandomMatrix(4500, 32, 16), g = RandomMatrix(4500, d, 17);
  RowMatrixXf expected = RowMatrixXf::Zero(32, d);
  for (int r0 = 0; r0 < 4500; r0 += 1024) {
    RowMatrixXf part = RowMatrixXf::Zero(32, d);
    for (int i = r0; i < std::min(4500, r0 + 1024); ++i)
      for (int j = 0; j < 32; ++j)
        for (int c = 0; c < d; ++c) part(j, c) = std::fma(h(i, j), g(i, c), part(j, c));
    expected = r0 == 0 ? part : RowMatrixXf(expected + part);
  }
  ExpectSameAtAnyThreadCount([&] {
    RowMatrixXf o(32, d);
    TransposeTimesWorkspace ws;
    TransposeTimes(h, g, o, ws);
    EXPECT_TRUE((o.array() == expected.array()).all()) << "max difference " << (o - expected).cwiseAbs().maxCoeff();
    return o;
  });
}

// The gated product (ReLU's backward in one pass) equals the product then the mask, bit for bit; 4,501 rows: a
// row block and single rows at the end.
TEST_P(WidthTest, GatedProductEqualsTheProductThenTheMask) {
  const int d = GetParam();
  const RowMatrixXf h = RandomMatrix(4501, 32, 10), w = RandomMatrix(32, d, 11), gate = RandomMatrix(4501, d, 12);
  RowMatrixXf p(4501, d), gated(4501, d);
  RowsTimes(h, w, p);
  RowsTimesWherePositive(h, w, gate, gated);
  const RowMatrixXf expected = (gate.array() > 0.0f).select(p, 0.0f);
  EXPECT_TRUE((gated.array() == expected.array()).all());
  const auto kept = (gate.array() > 0.0f).count();
  EXPECT_GT(kept, gate.size() / 3);
  EXPECT_LT(kept, 2 * gate.size() / 3);
  ExpectSameAtAnyThreadCount([&] {
    RowMatrixXf o(4501, d);
    RowsTimesWherePositive(h, w, gate, o);
    return o;
  });
}

INSTANTIATE_TEST_SUITE_P(Widths, WidthTest, ::testing::Values(16, 32, 64, 7));

// PairBce in float against the loss and gradient computed pair by pair in double; identical at any thread count
// (the threaded scatter forced on, and the one-thread path compared bit for bit; repeated rows and self-pairs included). With `sorted`, the pairs come
// ordered by a as the positives do, so the scatter sums long runs of one row in a register. Widths 16 (the
// register-run scatter) and 7 (the generic one).
class PairBceThreads : public ::testing::TestWithParam<std::tuple<bool, int>> {};
TEST_P(PairBceThreads, MatchesDoubleAndIsThreadCountIndependent) {
  constexpr int kRows = 900, kPairs = 20000;
  const auto [sorted, width] = GetParam();
  const RowMatrixXf z = RandomMatrix(kRows, width, 11);
  std::mt19937 rng(12);
  std::uniform_int_distribution<LocalId> row(0, kRows - 1);
  std::vector<LocalId> a(kPairs), b(kPairs);
  for (int k = 0; k < kPairs; ++k) {
    a[k] = row(rng);
    b[k] = k % 50 == 0 ? a[k] : row(rng);
  }
  if (sorted) std::sort(a.begin(), a.end());
  for (bool positive : {true, false}) {
    double expected_loss = 0;
    RowMatrixXd expected_grad = RowMatrixXd::Zero(kRows, width);
    for (int k = 0; k < kPairs; ++k) {
      const double s = z.row(a[k]).cast<double>().dot(z.row(b[k]).cast<double>()), t = positive ? -s : s;
      expected_loss += std::max(t, 0.0) + std::log1p(std::exp(-std::abs(t)));
      const double g = (positive ? -1.0 : 1.0) / (1.0 + std::exp(-t)) * 0.5;
      const Eigen::RowVectorXd za = z.row(a[k]).cast<double>(), zb = z.row(b[k]).cast<double>();
      expected_grad.row(a[k]) += g * zb;
      expected_grad.row(b[k]) += g * za;
    }
    double loss_one = 0;
    ExpectSameAtAnyThreadCount([&] {
      RowMatrixXf dz = RowMatrixXf::Zero(kRows, width), dz_one = dz;
      PairBceWorkspace ws;
      ws.one_thread_table_bytes = 0;  // this small table would otherwise stay on one thread
      ws.prefetch_table_bytes = 0;     // and would not be prefetched
      const double loss = PairBce(z, a, b, positive, 0.5, dz, ws);
      // The one-thread path that tables up to L2 size take gives the same bits, with and without the
      // prefetches of large tables.
      ws.one_thread_table_bytes = std::numeric_limits<std::size_t>::max();
      for (std::size_t prefetch_above : {std::size_t{0}, std::numeric_limits<std::size_t>::max()}) {
        ws.prefetch_table_bytes = prefetch_above;
        dz_one.setZero();
        EXPECT_EQ(PairBce(z, a, b, positive, 0.5, dz_one, ws), loss);
        EXPECT_TRUE(dz_one == dz);
      }
      if (NumThreads() == 1) loss_one = loss;
      EXPECT_EQ(loss, loss_one) << "loss at " << NumThreads() << " threads";
      EXPECT_NEAR(loss, 0.5 * expected_loss, 1e-5 * expected_loss);
      EXPECT_LT(RelErr(dz, expected_grad), 1e-5);
      return dz;
    });
  }
}
INSTANTIATE_TEST_SUITE_P(PairOrderAndWidth, PairBceThreads, ::testing::Combine(::testing::Bool(), ::testing::Values(16, 7)));

// A pair's logit is the same wherever the list is cut: the 16-row kernel scores pairs 16 at a time and pads the
// last group, and its sum order must not depend on a pair's neighbours. The same pairs scored as one list and as
// two lists cut at a place no group boundary falls (with no run of one a across the cut) scatter the same bits.
TEST(PairBce, LogitsDoNotDependOnWhereTheListIsCut) {
  constexpr int kRows = 700, kPairs = 4005, kCut = 1003;
  for (const int width : {16, 7}) {
    const RowMatrixXf z = RandomMatrix(kRows, width, 21);
    std::mt19937 rng(22);
    std::uniform_int_distribution<LocalId> row(0, kRows - 1);
    std::vector<LocalId> a(kPairs), b(kPairs);
    for (int k = 0; k < kPairs; ++k) a[k] = row(rng), b[k] = row(rng);
    if (a[kCut] == a[kCut - 1]) a[kCut] = (a[kCut - 1] + 1) % kRows;
    const std::span<const LocalId> sa(a), sb(b);
    for (const bool positive : {true, false}) {
      RowMatrixXf whole = RowMatrixXf::Zero(kRows, width), cut = whole;
      const double loss = PairBce(z, sa, sb, positive, 0.5, whole);
      const double parts = PairBce(z, sa.first(kCut), sb.first(kCut), positive, 0.5, cut) +
                           PairBce(z, sa.subspan(kCut), sb.subspan(kCut), positive, 0.5, cut);
      EXPECT_TRUE(whole == cut) << width << " " << positive;
      EXPECT_NEAR(loss, parts, 1e-12 * std::abs(loss)) << width << " " << positive;  // chunk sums differ
    }
  }
}

// SelfPairBce (the diagonal positives, scored in place) against softplus(-z_i·z_i) and its gradient 2·σ(-s)·z_i
// in double, against PairBce over the pairs (i, i) it replaces, and the same bits at any thread count; storing the
// gradient (kAssign) gives what adding it to zeros gives. 5000 rows:
// several chunks of rows. Widths 16 (the fixed-width dot) and 7.
class SelfPairBceThreads : public ::testing::TestWithParam<int> {};
TEST_P(SelfPairBceThreads, MatchesDoubleAndPairBceAndIsThreadCountIndependent) {
  constexpr int kRows = 5000;
  const int width = GetParam();
  const RowMatrixXf z = RandomMatrix(kRows, width, 13);
  double expected_loss = 0;
  RowMatrixXd expected_grad(kRows, width);
  for (int i = 0; i < kRows; ++i) {
    const Eigen::RowVectorXd zi = z.row(i).cast<double>();
    const double s = zi.squaredNorm();
    expected_loss += std::log1p(std::exp(-s));
    expected_grad.row(i) = 0.25 * 2.0 * (-1.0 / (1.0 + std::exp(s))) * zi;
  }
  std::vector<LocalId> ids(kRows);
  std::iota(ids.begin(), ids.end(), LocalId{0});
  RowMatrixXf via_pairs = RowMatrixXf::Zero(kRows, width);
  const double pairs_loss = PairBce(z, ids, ids, true, 0.25, via_pairs);
  double loss_one = 0;
  ExpectSameAtAnyThreadCount([&] {
    RowMatrixXf dz = RowMatrixXf::Constant(kRows, width, 0.125f);  // adds to what is there
    PairBceWorkspace ws;
    const double loss = SelfPairBce(z, 0.25, dz, ws);
    dz.array() -= 0.125f;
    if (NumThreads() == 1) loss_one = loss;
    EXPECT_EQ(loss, loss_one) << "loss at " << NumThreads() << " threads";
    EXPECT_NEAR(loss, 0.25 * expected_loss, 1e-5 * expected_loss);
    EXPECT_NEAR(loss, pairs_loss, 1e-12 * expected_loss);  // the same float logits and chunked double sums
    EXPECT_LT(RelErr(dz, expected_grad), 1e-5);
    EXPECT_LT(RelErr(dz, via_pairs.cast<double>()), 1e-6);
    // kAssign stores what kAdd adds to zeros, whatever dz held.
    RowMatrixXf added = RowMatrixXf::Zero(kRows, width), assigned = RowMatrixXf::Constant(kRows, width, 7.0f);
    EXPECT_EQ(SelfPairBce(z, 0.25, added, ws), SelfPairBce(z, 0.25, assigned, ws, GradientStore::kAssign));
    EXPECT_TRUE(added == assigned);
    return dz;
  });
}
INSTANTIATE_TEST_SUITE_P(Widths, SelfPairBceThreads, ::testing::Values(16, 7));

}  // namespace
}  // namespace vgae::core
