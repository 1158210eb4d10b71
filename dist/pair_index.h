// Scoring node pairs whose endpoints live anywhere: the endpoints' rows are gathered into a table of
// [owned rows | fetched rows], and each pair becomes two table row indices. Used for the sampled loss (new
// pairs every epoch, indexed by a reused PairIndexer) and for evaluation (fixed pairs, indexed once).
#pragma once

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <span>
#include <vector>

#include "dist/row_plan.h"

namespace vgae::dist {

struct PairIndex {
  RowPlan plan;                // fetches the non-owned endpoints' rows
  std::vector<LocalId> a, b;   // table rows of each pair's endpoints
  Eigen::Index n_owned = 0;
  Eigen::Index TableRows() const { return n_owned + static_cast<Eigen::Index>(plan.NumWanted()); }
};

// How an indexer lays out the remote rows of its table (the order of a table's rows changes no arithmetic: a
// row's additions come in pair order wherever it sits).
enum class TableLayout {
  // kAllRemote when the list names about every remote node anyway: 2 · pairs >= kAllRemoteCoverage · N, where
  // uniform endpoints leave a remote node unnamed with probability about e^-4 (2 %), so at most that share of
  // the fetched rows goes unused.
  kAuto,
  // Rows for the remote nodes the list names, in first-seen order within each owner's group: one pass on one
  // thread, testing each endpoint's owner and keeping a first-seen slot per node (4 bytes per node).
  kWanted,
  // A row for every remote node, grouped by owner and in the owner's row order within a group (each group is
  // then one run, sent in place), fixed for the indexer's life: an endpoint's row is one lookup (4 bytes per
  // node), on as many threads as draw the list. Its plan fetches every remote row and is built once: indexing
  // again into the same PairIndex reuses it.
  kAllRemote,
};

// Builds PairIndex objects in O(pairs + peers) (kAllRemote: plus O(N) once): remote endpoints get table rows
// through node-indexed arrays rather than by sorting. Reusing one indexer and one PairIndex allocates nothing once
// the buffers are large enough.
class PairIndexer {
 public:
  // Writes pairs [begin, end) of a list into a[0, end - begin) and b[0, end - begin) as global ids. Called for
  // disjoint ranges of at most kBlock pairs, possibly from several threads at once. A non-owning reference to a
  // callable (a std::function would allocate for the trainer's lambda every epoch): use it only as a parameter,
  // never store one made from a temporary.
  class Fill {
   public:
    template <typename F>
      requires(!std::same_as<std::remove_cvref_t<F>, Fill> &&
               std::invocable<const F&, std::size_t, std::size_t, GlobalId*, GlobalId*>)
    Fill(const F& f)  // NOLINT(google-explicit-constructor): a view, like std::span
        : obj_(&f), call_([](const void* o, std::size_t b, std::size_t e, GlobalId* x, GlobalId* y) {
            (*static_cast<const F*>(o))(b, e, x, y);
          }) {
      // A callable that can also write the same ids as LocalId lets one rank, whose table rows are the node ids,
      // draw straight into the index: no staged 64-bit copy of the list to narrow.
      if constexpr (std::invocable<const F&, std::size_t, std::size_t, LocalId*, LocalId*>)
        call_rows_ = [](const void* o, std::size_t b, std::size_t e, LocalId* x, LocalId* y) {
          (*static_cast<const F*>(o))(b, e, x, y);
        };
    }
    void operator()(std::size_t begin, std::size_t end, GlobalId* a, GlobalId* b) const {
      call_(obj_, begin, end, a, b);
    }
    bool WritesRows() const { return call_rows_ != nullptr; }
    void operator()(std::size_t begin, std::size_t end, LocalId* a, LocalId* b) const {
      call_rows_(obj_, begin, end, a, b);
    }

   private:
    const void* obj_;
    void (*call_)(const void*, std::size_t, std::size_t, GlobalId*, GlobalId*);
    void (*call_rows_)(const void*, std::size_t, std::size_t, LocalId*, LocalId*) = nullptr;
  };
  static constexpr std::size_t kBlock = std::size_t{1} << 13;
  // Pairs drawn per staging pass: the staging buffers hold 2 · 8 bytes · kStage (2 MiB).
  static constexpr std::size_t kStage = std::size_t{1} << 17;

  static constexpr std::int64_t kAllRemoteCoverage = 4;

  explicit PairIndexer(const Ownership& own, TableLayout layout = TableLayout::kAuto);
  // Collective (rebuilds index.plan).
  void Index(const Comm& comm, std::span<const GlobalId> a, std::span<const GlobalId> b, PairIndex& index);
  // The same for a list of `count` pairs drawn a block at a time by `fill`: the list's global ids are never held
  // whole (16 bytes per pair less than the spans above; the sampled loss's negatives are most of a rank's memory).
  void Index(const Comm& comm, std::size_t count, const Fill& fill, PairIndex& index);
  // Frees the per-node slots and rows and the staging buffers (the next Index allocates them again).
  void Release();
  // The layout the last Index used (kAuto before any).
  TableLayout LastLayout() const { return last_layout_; }

 private:
  void IndexAllRemote(const Comm& comm, std::size_t count, const Fill& fill, PairIndex& index);
  // Whether every rank can keep its index.plan as it is (an all-remote plan built before). Collective: ranks may
  // choose different layouts for one list, so both layouts' paths call it once, before their Rebuild.
  static bool AllKeepPlan(const Comm& comm, bool mine);
  // Draws the list a stage of kStage pairs at a time into stage_a_ and stage_b_, block by block on the pool's
  // threads: on_block(s0, lo, hi) runs on the thread that drew pairs [s0 + lo, s0 + hi) (ids at stage_[lo, hi)),
  // on_stage(s0, s1) on the calling thread once stage [s0, s1) is drawn.
  template <typename OnBlock, typename OnStage>
  void DrawStaged(std::size_t count, const Fill& fill, OnBlock&& on_block, OnStage&& on_stage);

  const Ownership& own_;
  TableLayout layout_, last_layout_ = TableLayout::kAuto;
  std::vector<LocalId> all_row_;       // kAllRemote: per node, its table row
  std::vector<GlobalId> all_wanted_;   // kAllRemote: the remote nodes in table order
  std::vector<LocalId> slot_;          // per node: first-seen position among the wanted ids, or -1
  std::vector<GlobalId> seen_, wanted_;
  std::vector<LocalId> position_;      // first-seen position -> position in owner-grouped order
  std::vector<std::int64_t> group_start_;
  std::vector<GlobalId> stage_a_, stage_b_;  // blocks of the list being indexed (kStage pairs)
};

// Collective (builds the RowPlan). One-off convenience over PairIndexer.
PairIndex IndexPairs(const Comm& comm, const Ownership& own, std::span<const GlobalId> a,
                     std::span<const GlobalId> b);

// Fills table rows [0, index.TableRows()) with [source owned rows | fetched rows]; `table` grows when needed
// (by half again, so a varying row count stops reallocating) and its extra rows are left as they are.
// Collective.
void FillTable(const Comm& comm, PairIndex& index, ConstMatRef owned_rows, RowMatrixXf& table);

}  // namespace vgae::dist
