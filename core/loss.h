// Reconstruction losses of the inner-product decoder p(A_ij = 1) = sigmoid(z_i · z_j).
//
// Sampled (default): L = w_pos Σ_pos softplus(-z_a·z_b) + w_neg Σ_neg softplus(z_a·z_b); the caller passes the
// weights as 1/global counts so that the sum over ranks is a global mean. Dense (tkipf/gae): weighted BCE over
// all N² pairs with labels A_train + I, pos_weight = (N² - P)/P, norm = N²/(2(N² - P)), P = 2M (tkipf/gae's
// train.py counts adj_train.sum(), without the diagonal, although its labels include it).
#pragma once

#include <span>
#include <vector>

#include "core/csr.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/types.h"

namespace vgae::core {

// Numerically stable log(1 + exp(x)) and the logistic function.
double Softplus(double x);
float Sigmoid(float x);

// Reused buffers of PairBce: the coefficients (one per pair on the threaded path, one block's on one thread) and
// one partial sum per chunk of pairs.
struct PairBceWorkspace {
  std::vector<float> coef;
  std::vector<double> partials;
  std::vector<std::vector<std::uint32_t>> touching;  // per thread: the pairs that touch its rows
  // Tables of at most this many bytes are done on one thread; the rest on one or every thread, whichever the
  // first calls found faster (threads[0] for negatives, threads[1] for positives; SetThreadUse can fix it).
  std::size_t one_thread_table_bytes = L2CacheBytes();
  ThreadChoices threads[2];
  // Rows are prefetched a few pairs ahead only on tables of more bytes: below, the table is in cache and the
  // prefetches only cost instructions. The result is the same either way.
  std::size_t prefetch_table_bytes = std::size_t{4} << 20;
};

// Returns weight · Σ_k softplus(∓ z_{a_k} · z_{b_k}) (minus sign for positives) and adds its gradient to
// dtable. a and b index rows of table / dtable. Logits, softplus and sigmoid are float and vectorised, the sum
// is double over fixed chunks of pairs added in order; the gradient rows are accumulated in pair order (threads
// split the rows, not the pairs), so the result is the same for any thread count.
double PairBce(ConstMatRef table, std::span<const LocalId> a, std::span<const LocalId> b, bool positive,
               double weight, MatRef dtable, PairBceWorkspace& workspace);
// The self-pairs of rows 0..n-1 (tkipf/gae's diagonal labels): weight · Σ_i softplus(-z_i · z_i), adding its
// gradient to dz. The same sum as PairBce over the pairs (i, i), without gathering or scattering any row: each
// row's gradient 2·coef_i·z_i is added to it in one step (PairBce adds coef_i·z_i twice, so the two differ in
// rounding only). Sums in double over fixed chunks of rows, added in order: the same for any thread count.
// With kAssign the gradient is stored instead (dz need not be zeroed first: the loss scores the self-pairs
// first and saves a pass that zeroes dz).
enum class GradientStore { kAdd, kAssign };
double SelfPairBce(ConstMatRef z, double weight, MatRef dz, PairBceWorkspace& workspace,
                   GradientStore store = GradientStore::kAdd);
// The same with a temporary workspace (tests and one-off uses).
double PairBce(ConstMatRef table, std::span<const LocalId> a, std::span<const LocalId> b, bool positive,
               double weight, MatRef dtable);

// Pair order for tables past the last-level cache. Scoring pairs in list order gathers and scatters rows from
// anywhere in the table; in tile order, the pairs of tile (a >> shift, b >> shift) touch 2^shift rows on each
// side, which stay in cache while the tile is scored. 10^7 edges, 10^6 rows, 64 MB table: the negatives scored in
// 885 rather than 1,454 ms at 1 thread, after ~170 ms of ordering; the epoch 3,195 -> 2,670 ms at 1 thread and
// 2,032 -> 1,814 ms at 2 (best of 3). At 10^6 edges (6.4 MB) and on PubMed (1.3 MB) the ordering costs more
// than it saves.
struct PairTiling {
  std::size_t above_table_bytes = std::size_t{32} << 20;  // order only the pairs of tables larger than this
  std::size_t tile_side_bytes = std::size_t{4} << 20;     // a tile side spans about this many bytes of rows
  std::int64_t max_tiles_per_side = 1024;                 // past it, larger tiles (counters: at most 16 MiB)
  // The shift of tiles for a table of `rows` rows of `width` floats, or -1 when its pairs stay in list order.
  int Shift(std::int64_t rows, std::int64_t width) const;
};
// Puts pairs (a_k, b_k) into the order of their tiles (a_k >> shift, b_k >> shift), tile rows first, in place:
// no buffer beyond two counters per tile, kept in `counters` between calls (an in-place bucket permutation,
// American flag sort). The pairs of a tile keep no particular order, but the permutation is a pure function of
// the list: the same on any thread count. Rows must lie in [0, rows).
void OrderPairsByTile(std::span<LocalId> a, std::span<LocalId> b, std::int64_t rows, int shift,
                      std::vector<std::size_t>& counters);

struct DenseBceWeights {
  double pos_weight = 0;
  double norm = 0;
  std::int64_t num_nodes = 0;
};
DenseBceWeights MakeDenseBceWeights(std::int64_t num_nodes, std::int64_t num_train_edges);

// This rank's part of the dense loss: rows owned (global ids) scored against every row of z_all (N × d, graph
// order). adj lists, for each owned row, its training neighbours as sorted global ids (the self-loop is added
// here). Writes dL/dz for the owned rows into dz_owned (Â-symmetric labels make it 2·G[O,:]·Z).
double DenseBcePartial(ConstMatRef z_all, std::span<const GlobalId> owned, const CsrView<GlobalId>& adj,
                       const DenseBceWeights& w, MatRef dz_owned);

}  // namespace vgae::core
