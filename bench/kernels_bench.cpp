// vgae_bench_kernels: the memory-bound kernels of an epoch measured against the machine's memory bandwidth.
//   1. STREAM copy/triad (bench/stream.h) at each thread count;
//   2. random numbers: ns per negative pair (Philox + UniformBelow) and per two dims of ε (core::SampleEpsilon);
//   3. core::PairBce (the sampled loss: dot, softplus, gradient) on uniformly random pairs: ns per pair;
//   4. core::SpMM with the GCN operator Â of a graph file's training graph (one rank: all rows owned), for
//      d = 32 (hidden and VGAE head width) and 16 (GAE head), median of --reps timed calls; in the file's node
//      order and, with --orders natural,bfs,rcm,metis,label, renumbered breadth-first, by reverse Cuthill–McKee,
//      part by part of a METIS k-way partition into parts of kMetisPartRows nodes, or by the file's labels (a
//      generated graph's communities): how much a locality-aware numbering would buy.
// Prints one JSON line (read by bench/run_benchmarks.py). Threads are set with omp_set_num_threads: the
// kernels use them when core is built with OpenMP row loops; otherwise the 2-thread figures equal 1 thread's.
// The kernels' own choice of one thread or all (core::ParallelChunks, PairBce) is switched off here
// (core::ThreadUse::kAll): each figure is taken on the threads its row names.
//
// Byte models for the SpMM's achieved bandwidth (both reported; the targets use the first):
//   compulsory: indptr (8 B per row + 8) + indices and values (4 + 4 B per non-zero) + input rows read once
//               (4·d B per column) + output rows written once (4·d B per row) — traffic no implementation can
//               avoid, so GB/s under it is an honest lower bound on what the memory system delivered;
//   gathered:   as compulsory, but one input row (4·d B) per non-zero — what a cacheless machine would move;
//               above the STREAM figure it only shows that input rows are reused from cache.
//
// 5. A plain gather of the SpMM's rows (--gather-dims, default 32): the same rows, chunks and column stream as
//    core::SpMM, each output row the plain sum of its input rows (no values, one add per vector), best over
//    software-prefetch distances of 0 (none) to 128 non-zeros, timed round by round with core::SpMM itself: the
//    SpMM with its arithmetic taken away, to show how much of its time is the memory access pattern and how far
//    that pattern alone is from the time a bandwidth target allows. Not a proven lower bound: the SpMM's own
//    prefetching can beat it.
// 6. Random rows (--gather-dims): uniformly random rows of a table the size of the SpMM's source, summed, best
//    over the same prefetch distances: ns per row at each thread count. With the graph's labels (gen's
//    communities), the non-zeros of Â joining two labels are counted: a generated graph draws a fraction μ
//    (gen --mixing) of every node's edges to uniformly chosen other communities, so those rows come from all
//    over the table in any numbering that keeps communities together, and their count times the random-row
//    time estimates what they alone cost an SpMM (optimistic: every other gather free, and rows of the table
//    that happen to be cached are in the measured rate as they would be in the SpMM's).
#include <omp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <vector>

#include "bench/stream.h"
#include "core/error.h"
#include "core/encoder.h"
#include "core/gcn_operator.h"
#include "core/loss.h"
#include "core/memory.h"
#include "core/node_order.h"
#include "core/parallel.h"
#include "core/rng.h"
#include "core/simd.h"
#include "core/spmm.h"
#include "io/format.h"
#include "io/graph_file.h"
#include "partition/partition.h"

namespace vgae::bench {
namespace {

// Breadth-first order from each unvisited node of lowest id, neighbours in stored order (Cuthill–McKee without
// the degree sort): neighbours get nearby ids, so the rows an SpMM row gathers sit close in memory.
std::vector<GlobalId> BfsOrder(const core::Csr<GlobalId>& g) {
  std::vector<GlobalId> order;
  order.reserve(static_cast<std::size_t>(g.rows));
  std::vector<char> seen(static_cast<std::size_t>(g.rows), 0);
  for (GlobalId root = 0; root < g.rows; ++root) {
    if (seen[root]) continue;
    seen[root] = 1;
    order.push_back(root);
    // `order` doubles as the queue: everything after `head` is discovered but not yet expanded.
    for (std::size_t head = order.size() - 1; head < order.size(); ++head)
      for (auto k = g.indptr[order[head]]; k < g.indptr[order[head] + 1]; ++k)
        if (!seen[g.indices[k]]) {
          seen[g.indices[k]] = 1;
          order.push_back(g.indices[k]);
        }
  }
  return order;
}

// Nodes per part of the "metis" order: 2048 rows of 32 floats are 256 KiB, an eighth of this machine's L2, so a part
// and the rows it gathers from its neighbour parts stay cached while its rows are computed.
constexpr std::int64_t kMetisPartRows = 2048;

// Node ids part by part of a METIS k-way partition (edge cut objective), ascending ids within a part.
std::vector<GlobalId> MetisBlockOrder(const core::Csr<GlobalId>& g) {
  const int parts = static_cast<int>(std::max<std::int64_t>(2, (g.rows + kMetisPartRows - 1) / kMetisPartRows));
  const auto part = partition::PartitionGraph(g.View(), parts, partition::Method::kMetis, 1);
  std::vector<GlobalId> order(static_cast<std::size_t>(g.rows));
  std::iota(order.begin(), order.end(), GlobalId{0});
  std::stable_sort(order.begin(), order.end(), [&](GlobalId x, GlobalId y) { return part[x] < part[y]; });
  return order;
}

// The file's node labels (gen's communities), checked against the node count; empty when the file has none.
std::vector<std::int32_t> ReadLabels(const io::H5File& file, std::int64_t n) {
  if (!file.Exists(io::names::kNodeLabel)) return {};
  auto label = file.ReadAll<std::int32_t>(io::names::kNodeLabel);
  if (static_cast<std::int64_t>(label.size()) != n)
    throw IoError(detail::Concat(file.Path(), ": ", io::names::kNodeLabel, " has ", label.size(),
                                 " entries, expected ", n));
  return label;
}

// Node ids by label, ascending ids within a label, unknown (-1) first: the numbering a perfect community detector
// would give a generated graph.
std::vector<GlobalId> LabelOrder(const io::H5File& file, std::int64_t n) {
  const auto label = ReadLabels(file, n);
  if (label.empty())
    throw ConfigError(detail::Concat("--orders label: ", file.Path(), " has no ", io::names::kNodeLabel));
  std::vector<GlobalId> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), GlobalId{0});
  std::stable_sort(order.begin(), order.end(), [&](GlobalId x, GlobalId y) { return label[x] < label[y]; });
  return order;
}

// Â of the whole training graph on one rank: local ids are global ids (order "natural", as the trainer's rows
// of one rank) or renumbered (orders "bfs", "rcm" and "metis": what a locality-aware numbering gives).
core::Csr<LocalId> WholeGraphOperator(const std::string& path, const std::string& order) {
  const auto file = io::OpenGraphFile(path, false);
  auto train = io::ReadTrainGraph(file);
  if (order == "bfs") train = core::PermuteGraph(train.View(), BfsOrder(train));
  else if (order == "metis") train = core::PermuteGraph(train.View(), MetisBlockOrder(train));
  else if (order == "rcm") train = core::PermuteGraph(train.View(), core::ReverseCuthillMcKee(train.View()));
  else if (order == "label") train = core::PermuteGraph(train.View(), LabelOrder(file, train.rows));
  else if (order != "natural")
    throw ConfigError(detail::Concat("--orders: '", order, "' is not natural, bfs, rcm, metis or label"));
  if (train.rows > std::numeric_limits<LocalId>::max())
    throw ConfigError(detail::Concat(path, ": ", train.rows, " nodes do not fit one rank's 32-bit local ids"));
  core::Csr<LocalId> adj;
  adj.rows = adj.cols = train.rows;
  adj.indptr = train.indptr;
  adj.indices.assign(train.indices.begin(), train.indices.end());
  std::vector<std::int64_t> degree(static_cast<std::size_t>(train.rows));
  for (std::int64_t i = 0; i < train.rows; ++i) degree[i] = train.indptr[i + 1] - train.indptr[i];
  std::vector<GlobalId> gid(static_cast<std::size_t>(train.rows));
  std::iota(gid.begin(), gid.end(), GlobalId{0});
  return core::BuildGcnOperator(adj.View(), degree, gid);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// Wall-clock milliseconds of one call of fn.
template <typename Fn>
double MillisecondsOf(Fn&& fn) {
  const auto t0 = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

nlohmann::json TimeSpMM(const core::Csr<LocalId>& s, const std::string& order, int d, int threads, int reps) {
  omp_set_num_threads(threads);
  RowMatrixXf m, out;
  core::ResizeRows(m, s.cols, d);
  core::ResizeRows(out, s.rows, d);
  m.setRandom();
  // Warm-up: page faults and first-touch of the output, and the calls on which core::SpMM chooses its prefetch
  // distance for this operator and thread count (each of the choices twice), so the timed calls use the choice.
  for (std::size_t w = 0; w < 1 + 2 * std::size(core::kPrefetchLineChoices); ++w) core::SpMM(s.View(), m, out);
  std::vector<double> ms;
  for (int r = 0; r < reps; ++r) ms.push_back(MillisecondsOf([&] { core::SpMM(s.View(), m, out); }));
  const double nnz = static_cast<double>(s.Nnz()), rows = static_cast<double>(s.rows);
  const double matrix_bytes = 8.0 * (rows + 1) + 8.0 * nnz;
  const double compulsory = matrix_bytes + 4.0 * d * static_cast<double>(s.cols) + 4.0 * d * rows;
  const double gathered = matrix_bytes + 4.0 * d * nnz + 4.0 * d * rows;
  const double med = Median(ms), best = *std::min_element(ms.begin(), ms.end());
  volatile float sink = out(s.rows / 2, 0);
  (void)sink;
  return {{"threads", threads},
          {"order", order},
          {"d", d},
          {"ms_median", med},
          {"ms_min", best},
          {"ms_max", *std::max_element(ms.begin(), ms.end())},
          {"gflops", 2.0 * nnz * d / med / 1e6},
          {"compulsory_bytes", compulsory},
          {"gathered_bytes", gathered},
          {"compulsory_gbs", compulsory / med / 1e6},
          {"gathered_gbs", gathered / med / 1e6}};
}

// Software-prefetch distances the plain gather and the random rows try (0: none).
constexpr std::int64_t kAheads[] = {0, 8, 16, 32, 64, 128};

struct BestAhead {
  double ms = std::numeric_limits<double>::max();  // median of the fastest distance
  std::int64_t ahead = 0;
  nlohmann::json ms_by_ahead = nlohmann::json::object();
};

// `reps` rounds, each timing pass(ahead) at every distance and then calling after_round(); the fastest median.
template <typename Pass, typename AfterRound>
BestAhead TimeBestAhead(int reps, Pass&& pass, AfterRound&& after_round) {
  std::vector<std::vector<double>> ms(std::size(kAheads));
  for (int r = 0; r < reps; ++r) {
    for (std::size_t a = 0; a < std::size(kAheads); ++a) ms[a].push_back(MillisecondsOf([&] { pass(kAheads[a]); }));
    after_round();
  }
  BestAhead best;
  for (std::size_t a = 0; a < std::size(kAheads); ++a) {
    const double med = Median(ms[a]);
    best.ms_by_ahead[std::to_string(kAheads[a])] = med;
    if (med < best.ms) best.ms = med, best.ahead = kAheads[a];
  }
  return best;
}

// One pass of the plain gather (5. above): out_i = Σ_k m[col_k] over row i's non-zeros, rows in core::SpMM's
// chunks, the rows `ahead` non-zeros on prefetched (0: none). Two sums in turn, so adds do not wait on adds (with
// AVX2 two 32-wide sums fill half the ymm registers, as core::SpMM's do).
template <int kVecs>
void PlainGatherPass(const core::Csr<LocalId>& s, const float* m, float* out, std::int64_t ahead) {
  using core::Vec16;
  constexpr int kWidth = 16 * kVecs;
  const std::int64_t nnz = s.Nnz();
  const LocalId* col = s.indices.data();
  auto fetch = [&](std::int64_t k) {
    if (ahead > 0 && k + ahead < nnz)
#pragma GCC unroll 4
      for (int v = 0; v < kVecs; ++v) __builtin_prefetch(m + std::int64_t{col[k + ahead]} * kWidth + 16 * v);
  };
  auto add = [&](Vec16* acc, std::int64_t k) {
    const float* src = m + std::int64_t{col[k]} * kWidth;
#pragma GCC unroll 4
    for (int v = 0; v < kVecs; ++v) acc[v] += core::LoadVec(src + 16 * v);
  };
  core::ParallelChunks(s.rows, 512, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) {
      Vec16 acc0[kVecs] = {}, acc1[kVecs] = {};
      std::int64_t k = s.indptr[i];
      const std::int64_t end = s.indptr[i + 1];
      for (; k + 2 <= end; k += 2) {
        fetch(k), fetch(k + 1);
        add(acc0, k), add(acc1, k + 1);
      }
      if (k < end) fetch(k), add(acc0, k);
#pragma GCC unroll 4
      for (int v = 0; v < kVecs; ++v) core::StoreVec(out + i * kWidth + 16 * v, acc0[v] + acc1[v]);
    }
  });
}

nlohmann::json TimePlainGather(const core::Csr<LocalId>& s, const std::string& order, int d, int threads, int reps) {
  if (d != 16 && d != 32 && d != 64) throw ConfigError(detail::Concat("--gather-dims: ", d, " is not 16, 32 or 64"));
  omp_set_num_threads(threads);
  RowMatrixXf m, out;
  core::ResizeRows(m, s.cols, d);
  core::ResizeRows(out, s.rows, d);
  m.setRandom();
  auto pass = [&](std::int64_t ahead) {
    if (d == 16) PlainGatherPass<1>(s, m.data(), out.data(), ahead);
    else if (d == 32) PlainGatherPass<2>(s, m.data(), out.data(), ahead);
    else PlainGatherPass<4>(s, m.data(), out.data(), ahead);
  };
  RowMatrixXf spmm_out;
  core::ResizeRows(spmm_out, s.rows, d);
  pass(0);  // warm-up: page faults and first-touch of the outputs
  core::SpMM(s.View(), m, spmm_out);
  // Round by round, every prefetch distance and then core::SpMM once, so that the plain gather and the SpMM
  // meet the same spells of this VM (timed apart, a slow spell moved their ratio by 20 %).
  std::vector<double> spmm_ms;
  const auto best = TimeBestAhead(reps, pass, [&] {
    spmm_ms.push_back(MillisecondsOf([&] { core::SpMM(s.View(), m, spmm_out); }));
  });
  // The pass must have done its work: one row against a plain sum (the order of the adds differs, hence the slack).
  const std::int64_t check = s.rows / 2;
  for (int c = 0; c < d; ++c) {
    double want = 0, scale = 0;
    for (auto k = s.indptr[check]; k < s.indptr[check + 1]; ++k)
      want += m(s.indices[k], c), scale += std::abs(m(s.indices[k], c));
    if (std::abs(out(check, c) - want) > 1e-5 * (scale + 1))
      throw InternalError(detail::Concat("plain gather: row ", check, " column ", c, " is ", out(check, c),
                                         ", expected ", want));
  }
  return {{"threads", threads}, {"order", order}, {"d", d}, {"ms_median", best.ms}, {"ahead", best.ahead},
          {"ms_by_ahead", best.ms_by_ahead}, {"spmm_ms_median", Median(spmm_ms)}};
}

// 6. above: a pass sums `rows.size()` table rows listed in `rows` (uniformly random), in core::SpMM's chunking,
// `ahead` rows on prefetched; every 16 rows' sum is stored, so the loads cannot be dropped.
template <int kVecs>
void RandomRowsPass(std::span<const LocalId> rows, const float* m, float* out, std::int64_t ahead) {
  using core::Vec16;
  constexpr int kWidth = 16 * kVecs;
  constexpr std::int64_t kPerSum = 16;
  const auto n = static_cast<std::int64_t>(rows.size());
  core::ParallelChunks(n / kPerSum, 512, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) {
      Vec16 acc0[kVecs] = {}, acc1[kVecs] = {};
      for (std::int64_t k = i * kPerSum; k < (i + 1) * kPerSum; k += 2) {
        if (ahead > 0 && k + ahead + 1 < n)
#pragma GCC unroll 4
          for (int v = 0; v < kVecs; ++v) {
            __builtin_prefetch(m + std::int64_t{rows[k + ahead]} * kWidth + 16 * v);
            __builtin_prefetch(m + std::int64_t{rows[k + ahead + 1]} * kWidth + 16 * v);
          }
#pragma GCC unroll 4
        for (int v = 0; v < kVecs; ++v) {
          acc0[v] += core::LoadVec(m + std::int64_t{rows[k]} * kWidth + 16 * v);
          acc1[v] += core::LoadVec(m + std::int64_t{rows[k + 1]} * kWidth + 16 * v);
        }
      }
#pragma GCC unroll 4
      for (int v = 0; v < kVecs; ++v) core::StoreVec(out + i * kWidth + 16 * v, acc0[v] + acc1[v]);
    }
  });
}

nlohmann::json TimeRandomRows(std::int64_t table_rows, std::int64_t count, int d, int threads, int reps) {
  if (d != 16 && d != 32 && d != 64) throw ConfigError(detail::Concat("--gather-dims: ", d, " is not 16, 32 or 64"));
  omp_set_num_threads(threads);
  count -= count % 16;
  RowMatrixXf m, out;
  core::ResizeRows(m, table_rows, d);
  core::ResizeRows(out, count / 16, d);
  m.setRandom();
  std::vector<LocalId> rows(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    const auto w = core::Philox(2, core::Stream::kNegative, 0, static_cast<std::uint64_t>(i));
    rows[i] = static_cast<LocalId>(core::UniformBelow(w[0], w[1], static_cast<std::uint64_t>(table_rows)));
  }
  auto pass = [&](std::int64_t ahead) {
    if (d == 16) RandomRowsPass<1>(rows, m.data(), out.data(), ahead);
    else if (d == 32) RandomRowsPass<2>(rows, m.data(), out.data(), ahead);
    else RandomRowsPass<4>(rows, m.data(), out.data(), ahead);
  };
  pass(0);  // warm-up: page faults and first-touch of the output
  const auto best = TimeBestAhead(reps, pass, [] {});
  // The pass must have done its work: the last sum against a plain one.
  const std::int64_t last = count / 16 - 1;
  for (int c = 0; c < d; ++c) {
    double want = 0, scale = 0;
    for (std::int64_t k = last * 16; k < count; ++k) want += m(rows[k], c), scale += std::abs(m(rows[k], c));
    if (std::abs(out(last, c) - want) > 1e-5 * (scale + 1))
      throw InternalError(detail::Concat("random rows: sum ", last, " column ", c, " is ", out(last, c),
                                         ", expected ", want));
  }
  return {{"threads", threads}, {"d", d}, {"table_rows", table_rows}, {"rows", count}, {"ms_median", best.ms},
          {"ahead", best.ahead}, {"ns_per_row", 1e6 * best.ms / static_cast<double>(count)}};
}

// Non-zeros of Â (off the diagonal) whose two nodes carry different labels, both known; -1 when the file has none.
std::int64_t CrossLabelNonZeros(const std::string& path, const core::Csr<LocalId>& natural) {
  const auto label = ReadLabels(io::OpenGraphFile(path, false), natural.rows);
  if (label.empty()) return -1;
  std::int64_t cross = 0;
  for (std::int64_t i = 0; i < natural.rows; ++i)
    for (auto k = natural.indptr[i]; k < natural.indptr[i + 1]; ++k) {
      const auto a = label[static_cast<std::size_t>(i)], b = label[static_cast<std::size_t>(natural.indices[k])];
      cross += a >= 0 && b >= 0 && a != b;
    }
  return cross;
}

// ns per random draw as the trainer spends them: a negative pair (core::UniformPairs, 5 per positive key, one
// Philox block each) and two dims of ε (core::SampleEpsilon, as the encoder calls it, on n nodes × 16 dims).
nlohmann::json TimeRandom(std::int64_t n, int threads) {
  omp_set_num_threads(threads);
  constexpr std::size_t kKeys = 400'000, kPerKey = 5;
  std::vector<std::uint64_t> keys(kKeys);
  std::iota(keys.begin(), keys.end(), std::uint64_t{0});
  std::vector<GlobalId> a(kKeys * kPerKey), b(a.size());
  auto draw = [&](std::uint64_t epoch) {
    core::ParallelChunks(static_cast<std::int64_t>(kKeys), 1024, [&](std::int64_t k0, std::int64_t k1) {
      const auto off = static_cast<std::size_t>(k0) * kPerKey, len = static_cast<std::size_t>(k1 - k0) * kPerKey;
      core::UniformPairs(1, core::Stream::kNegative, epoch,
                         std::span<const std::uint64_t>(keys).subspan(static_cast<std::size_t>(k0),
                                                                      static_cast<std::size_t>(k1 - k0)),
                         kPerKey, static_cast<std::uint64_t>(n), std::span<GlobalId>(a).subspan(off, len),
                         std::span<GlobalId>(b).subspan(off, len));
    });
  };
  draw(1);  // warm-up
  auto t0 = std::chrono::steady_clock::now();
  draw(2);
  const double negative_ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  const auto kPairs = static_cast<double>(a.size());
  const std::uint64_t sink = static_cast<std::uint64_t>(a[kKeys] + b[kKeys / 2]);
  std::vector<GlobalId> gids(static_cast<std::size_t>(n));
  std::iota(gids.begin(), gids.end(), GlobalId{0});
  RowMatrixXf eps(n, 16);
  core::SampleEpsilon(1, 1, gids, eps);  // warm-up
  t0 = std::chrono::steady_clock::now();
  core::SampleEpsilon(1, 2, gids, eps);
  const double eps_ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  volatile double keep = static_cast<double>(sink) + eps(n / 2, 3);
  (void)keep;
  return {{"threads", threads}, {"ns_per_negative_pair", negative_ns / kPairs},
          {"ns_per_normal_pair", eps_ns / static_cast<double>(n * 8)}};
}

// Loss throughput on pairs of uniformly random rows of an n × d table (as the sampled negatives are).
nlohmann::json TimePairBce(std::int64_t n, int d, std::int64_t pairs, int threads, int reps) {
  omp_set_num_threads(threads);
  RowMatrixXf table, dtable;
  core::ResizeRows(table, n, d);
  core::ResizeRows(dtable, n, d);
  table = RowMatrixXf::Random(n, d) * 0.3f;
  dtable.setZero();
  std::vector<LocalId> a(static_cast<std::size_t>(pairs)), b(a.size());
  for (std::int64_t i = 0; i < pairs; ++i) {
    const auto w = core::Philox(1, core::Stream::kNegative, 0, static_cast<std::uint64_t>(i));
    a[i] = static_cast<LocalId>(core::UniformBelow(w[0], w[1], static_cast<std::uint64_t>(n)));
    b[i] = static_cast<LocalId>(core::UniformBelow(w[2], w[3], static_cast<std::uint64_t>(n)));
  }
  std::vector<double> ms;
  double sink = 0;
  core::PairBceWorkspace workspace;  // kept between calls, as the trainer keeps it between epochs
  for (int r = 0; r <= reps; ++r) {
    const double t = MillisecondsOf([&] { sink += core::PairBce(table, a, b, false, 1.0, dtable, workspace); });
    if (r > 0) ms.push_back(t);  // the first call is a warm-up
  }
  volatile double keep = sink;
  (void)keep;
  const double med = Median(ms);
  return {{"threads", threads}, {"d", d}, {"rows", n}, {"pairs", pairs}, {"ms_median", med},
          {"ns_per_pair", 1e6 * med / static_cast<double>(pairs)}};
}

int Run(int argc, char** argv) {
  core::SetThreadUse(core::ThreadUse::kAll);
  CLI::App app{"STREAM bandwidth and SpMM throughput of vgae_dist's kernels; prints one JSON line"};
  std::string graph;
  std::vector<int> threads{1, 2}, dims{32, 16}, gather_dims{32};
  std::vector<std::string> orders{"natural"};
  int stream_mb = 1024, stream_reps = 10, reps = 20;
  app.add_option("--graph", graph, "Graph file after split (its training graph gives Â); omit for STREAM only");
  app.add_option("--threads", threads, "Thread counts")->capture_default_str()->delimiter(',');
  app.add_option("--orders", orders, "Node orders of the SpMM: natural (the file's), bfs, rcm (prep --node-order rcm), metis and/or label (renumbered)")
      ->capture_default_str()->delimiter(',');
  app.add_option("--dims", dims, "Dense widths d of the SpMM")->capture_default_str()->delimiter(',');
  app.add_option("--gather-dims", gather_dims, "Widths d of the plain gather and the random rows (5., 6.; 16, 32 or 64; none: --gather-dims alone)")
      ->capture_default_str()->delimiter(',')->expected(0, -1);
  app.add_option("--stream-mb", stream_mb, "MiB per STREAM array (three arrays; make them >> last-level cache); 0: no STREAM")
      ->capture_default_str();
  app.add_option("--stream-reps", stream_reps, "STREAM repetitions (best is reported)")->capture_default_str();
  app.add_option("--reps", reps, "Timed SpMM calls per (d, threads) (median is reported)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (reps < 1 || stream_reps < 1 || stream_mb < 0)
    throw ConfigError("--reps and --stream-reps must be >= 1 and --stream-mb >= 0");

  nlohmann::json result = {{"max_threads", omp_get_num_procs()}};
  nlohmann::json stream = nlohmann::json::array();
  for (int t : stream_mb > 0 ? threads : std::vector<int>{}) {
    const auto s = MeasureStream(std::int64_t{stream_mb} << 20, t, stream_reps);
    stream.push_back({{"threads", s.threads}, {"array_mb", stream_mb}, {"copy_gbs", s.copy_gbs}, {"triad_gbs", s.triad_gbs}});
  }
  result["stream"] = stream;
  if (!graph.empty()) {
    nlohmann::json spmm = nlohmann::json::array(), plain_gather = nlohmann::json::array();
    core::Csr<LocalId> s;
    std::int64_t cross_label = -1;
    for (const auto& order : orders) {
      s = WholeGraphOperator(graph, order);
      if (order == "natural") cross_label = CrossLabelNonZeros(graph, s);
      for (int d : dims)
        for (int t : threads) spmm.push_back(TimeSpMM(s, order, d, t, reps));
      for (int d : gather_dims)
        for (int t : threads) plain_gather.push_back(TimePlainGather(s, order, d, t, std::min(reps, 7)));
    }
    nlohmann::json random_rows = nlohmann::json::array();
    // As many rows as Â has non-zeros, capped at 2^22 (a few tenths of a second a pass on 10^7 edges).
    const auto count = std::clamp<std::int64_t>(s.Nnz(), 1 << 16, 1 << 22);
    for (int d : gather_dims)
      for (int t : threads) random_rows.push_back(TimeRandomRows(s.cols, count, d, t, std::min(reps, 7)));
    result["graph"] = {{"path", graph}, {"rows", s.rows}, {"nnz", s.Nnz()}, {"cross_label_nnz", cross_label}};
    result["spmm"] = spmm;
    result["plain_gather"] = plain_gather;
    result["random_rows"] = random_rows;
    nlohmann::json loss = nlohmann::json::array();
    // As many pairs as Â has non-zeros (the loss scores ~3 per non-zero), capped so that a 10^7-edge graph's
    // random-access loop stays a few seconds per repetition.
    const auto pairs = std::clamp<std::int64_t>(s.Nnz(), 100'000, 2'000'000);
    for (int t : threads) loss.push_back(TimePairBce(s.rows, 16, pairs, t, std::min(reps, 5)));
    result["pair_bce"] = loss;
    nlohmann::json random = nlohmann::json::array();
    for (int t : threads) random.push_back(TimeRandom(std::max<std::int64_t>(s.rows, 100000), t));
    result["random"] = random;
  }
  std::cout << result.dump() << std::endl;
  return 0;
}

}  // namespace
}  // namespace vgae::bench

int main(int argc, char** argv) {
  try {
    return vgae::bench::Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vgae_bench_kernels: %s\n", e.what());
    return 1;
  }
}
