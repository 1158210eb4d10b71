#include "dist/pair_index.h"

#include <algorithm>
#include <limits>

#include "core/error.h"
#include "core/memory.h"
#include "core/parallel.h"

namespace vgae::dist {

PairIndexer::PairIndexer(const Ownership& own, TableLayout layout) : own_(own), layout_(layout) {}

void PairIndexer::Index(const Comm& comm, std::span<const GlobalId> a, std::span<const GlobalId> b, PairIndex& index) {
  VGAE_CHECK(a.size() == b.size());
  // Global ids, or (one rank) the same ids as table rows.
  Index(comm, a.size(), [&]<typename Id>(std::size_t begin, std::size_t end, Id* out_a, Id* out_b) {
    for (std::size_t i = begin; i < end; ++i) {
      out_a[i - begin] = static_cast<Id>(a[i]);
      out_b[i - begin] = static_cast<Id>(b[i]);
    }
  }, index);
}

void PairIndexer::Release() {
  for (auto* v : {&seen_, &wanted_, &stage_a_, &stage_b_}) std::vector<GlobalId>().swap(*v);
  std::vector<LocalId>().swap(slot_);
  std::vector<LocalId>().swap(position_);
  std::vector<LocalId>().swap(all_row_);
  std::vector<GlobalId>().swap(all_wanted_);
}

template <typename OnBlock, typename OnStage>
void PairIndexer::DrawStaged(std::size_t count, const Fill& fill, OnBlock&& on_block, OnStage&& on_stage) {
  stage_a_.resize(std::min(count, kStage));
  stage_b_.resize(stage_a_.size());
  for (std::size_t s0 = 0; s0 < count; s0 += kStage) {
    const std::size_t s1 = std::min(count, s0 + kStage);
    core::ParallelChunks(static_cast<std::int64_t>(s1 - s0), static_cast<std::int64_t>(kBlock),
                         [&](std::int64_t b0, std::int64_t e0) {
                           const auto lo = static_cast<std::size_t>(b0), hi = static_cast<std::size_t>(e0);
                           fill(s0 + lo, s0 + hi, stage_a_.data() + lo, stage_b_.data() + lo);
                           on_block(s0, lo, hi);
                         });
    on_stage(s0, s1);
  }
}

void PairIndexer::IndexAllRemote(const Comm& comm, std::size_t count, const Fill& fill, PairIndex& index) {
  const auto n_owned = static_cast<LocalId>(index.n_owned);
  const bool fresh = all_row_.empty();
  if (fresh) {
    const Rank me = comm.rank();
    const auto n = static_cast<std::size_t>(own_.NumNodes());
    all_row_.resize(n);
    all_wanted_.resize(n - own_.Owned().size());
    group_start_.assign(static_cast<std::size_t>(comm.size()) + 1, 0);
    for (std::size_t g = 0; g < n; ++g)
      if (const Rank r = own_.Owner(static_cast<GlobalId>(g)); r != me) ++group_start_[static_cast<std::size_t>(r) + 1];
    for (std::size_t r = 0; r + 1 < group_start_.size(); ++r) group_start_[r + 1] += group_start_[r];
    // Each owner's rows in its row order: one run, which RowPlan sends from the owner's Z in place.
    for (std::size_t g = 0; g < n; ++g) {
      const auto id = static_cast<GlobalId>(g);
      const Rank r = own_.Owner(id);
      if (r == me) {
        all_row_[g] = own_.RowAtOwner(id);
        continue;
      }
      const auto at = group_start_[static_cast<std::size_t>(r)] + own_.RowAtOwner(id);
      all_wanted_[static_cast<std::size_t>(at)] = id;
      all_row_[g] = n_owned + static_cast<LocalId>(at);
    }
  }
  // Each block is looked up by the thread that drew it, while its ids are in cache.
  const LocalId* row = all_row_.data();
  DrawStaged(
      count, fill,
      [&](std::size_t s0, std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i) {
          index.a[s0 + i] = row[static_cast<std::size_t>(stage_a_[i])];
          index.b[s0 + i] = row[static_cast<std::size_t>(stage_b_[i])];
        }
      },
      [](std::size_t, std::size_t) {});
  // The remote rows never change, so neither does their plan: it is rebuilt only when some rank's index.plan is
  // not the one this indexer last built from them (the trainer's every epoch after the first is reused: at 10^7
  // edges and 2 ranks that is an all-to-all of 500,000 ids a rank less per epoch).
  if (!AllKeepPlan(comm, !fresh && index.plan.BuiltBy() == this)) {
    index.plan.Rebuild(comm, own_, all_wanted_);
    index.plan.SetBuiltBy(this);
  }
}

void PairIndexer::Index(const Comm& comm, std::size_t count, const Fill& fill, PairIndex& index) {
  const Rank me = comm.rank();
  index.n_owned = static_cast<Eigen::Index>(own_.Owned().size());
  index.a.resize(count);
  index.b.resize(count);
  // One rank owns 0..N-1 in order, so a node's row is its id.
  const bool rows_are_ids =
      comm.size() == 1 && static_cast<std::int64_t>(own_.Owned().size()) == own_.NumNodes();
  if (rows_are_ids && fill.WritesRows()) {  // drawn straight into the index, block by block
    core::ParallelChunks(static_cast<std::int64_t>(count), static_cast<std::int64_t>(kBlock),
                         [&](std::int64_t b0, std::int64_t e0) {
                           const auto lo = static_cast<std::size_t>(b0), hi = static_cast<std::size_t>(e0);
                           fill(lo, hi, index.a.data() + lo, index.b.data() + lo);
                         });
    index.plan.Rebuild(comm, own_, {});
    last_layout_ = TableLayout::kWanted;
    return;
  }
  // Table rows are LocalIds: a row for every node must fit.
  const bool all_fit = own_.NumNodes() <= static_cast<std::int64_t>(std::numeric_limits<LocalId>::max());
  const bool all_remote =
      layout_ == TableLayout::kAllRemote ||
      (layout_ == TableLayout::kAuto && all_fit &&
       2 * static_cast<std::uint64_t>(count) >= static_cast<std::uint64_t>(kAllRemoteCoverage * own_.NumNodes()));
  if (all_remote) {
    VGAE_CHECK(all_fit);
    IndexAllRemote(comm, count, fill, index);
    last_layout_ = TableLayout::kAllRemote;
    return;
  }
  last_layout_ = TableLayout::kWanted;
  seen_.clear();
  if (slot_.empty()) slot_.assign(static_cast<std::size_t>(own_.NumNodes()), -1);
  // Owned endpoints map to their rows; remote ones get -(first-seen position + 1) until the grouping is known.
  auto row_of = [&](GlobalId g) -> LocalId {
    if (own_.Owner(g) == me) return own_.RowAtOwner(g);
    auto& s = slot_[static_cast<std::size_t>(g)];
    if (s < 0) {
      s = static_cast<LocalId>(seen_.size());
      seen_.push_back(g);
    }
    return -(s + 1);
  };
  // First-seen order is list order, so the mapping runs on one thread, after each stage is drawn.
  DrawStaged(
      count, fill, [](std::size_t, std::size_t, std::size_t) {},
      [&](std::size_t s0, std::size_t s1) {
        for (std::size_t i = s0; i < s1; ++i) {
          index.a[i] = row_of(stage_a_[i - s0]);
          index.b[i] = row_of(stage_b_[i - s0]);
        }
      });
  // Group the remote ids by owner (a stable counting sort) and give them their table rows.
  const auto p = static_cast<std::size_t>(comm.size());
  group_start_.assign(p + 1, 0);
  for (auto g : seen_) ++group_start_[static_cast<std::size_t>(own_.Owner(g)) + 1];
  for (std::size_t r = 0; r < p; ++r) group_start_[r + 1] += group_start_[r];
  ResizeWithSlack(wanted_, seen_.size());
  ResizeWithSlack(position_, seen_.size());
  seen_.reserve(seen_.size() + seen_.size() / 2);  // slack for the next epoch's push_backs (no-op if there)
  for (std::size_t j = 0; j < seen_.size(); ++j) {
    const auto at = group_start_[static_cast<std::size_t>(own_.Owner(seen_[j]))]++;
    wanted_[static_cast<std::size_t>(at)] = seen_[j];
    position_[j] = static_cast<LocalId>(at);
    slot_[static_cast<std::size_t>(seen_[j])] = -1;
  }
  const auto n_owned = static_cast<LocalId>(index.n_owned);
  for (auto* rows : {&index.a, &index.b})
    for (auto& r : *rows)
      if (r < 0) r = n_owned + position_[static_cast<std::size_t>(-(r + 1))];
  AllKeepPlan(comm, false);
  index.plan.Rebuild(comm, own_, wanted_);
}

bool PairIndexer::AllKeepPlan(const Comm& comm, bool mine) { return !comm.AllreduceOr(!mine); }

PairIndex IndexPairs(const Comm& comm, const Ownership& own, std::span<const GlobalId> a, std::span<const GlobalId> b) {
  PairIndexer indexer(own);
  PairIndex index;
  indexer.Index(comm, a, b, index);
  return index;
}

void FillTable(const Comm& comm, PairIndex& index, ConstMatRef owned_rows, RowMatrixXf& table) {
  VGAE_CHECK(owned_rows.rows() == index.n_owned);
  const auto rows = index.TableRows();
  if (table.rows() < rows || table.cols() != owned_rows.cols()) {
    RowMatrixXf grown;
    core::ResizeRows(grown, std::max<Eigen::Index>(rows + rows / 2, table.rows() + table.rows() / 2),
                     owned_rows.cols());
    table.swap(grown);
  }
  table.topRows(index.n_owned) = owned_rows;
  index.plan.Fetch(comm, owned_rows, table, index.n_owned);
}

}  // namespace vgae::dist
