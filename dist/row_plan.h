// Moving node rows between ranks. A RowPlan is built from the global ids one rank wants (owned elsewhere):
// requests go to the owners once, so afterwards Fetch costs one Alltoallv of floats, and Return sends
// gradients for the same rows back to their owners, who add them into their owned rows in a fixed order
// (source rank, then request order), so the result is deterministic.
//
// Invariant: the wanted ids are unique and grouped by owner rank (ascending), which lets received rows land
// contiguously in request order.
#pragma once

#include <span>
#include <vector>

#include "core/encoder.h"
#include "core/types.h"
#include "dist/comm.h"

namespace vgae::dist {

// For buffers whose size changes a little from epoch to epoch: a growth leaves half as much again spare, so the
// epochs after it resize within the capacity (a warm training loop does not allocate).
template <typename T>
void ResizeWithSlack(std::vector<T>& v, std::size_t n) {
  if (n > v.capacity()) v.reserve(n + n / 2);
  v.resize(n);
}

// Which rank owns each node (replicated: 4 bytes per node) and where an owned id sits in my owned rows.
class Ownership {
 public:
  // Each rank's owned rows start in ascending id order.
  Ownership(std::vector<Rank> part, Rank me);
  // Makes my owned row order[k] row k (order: a permutation of my rows), and learns every other rank's new
  // order, so RowAtOwner stays right for every node. Collective; holds N more LocalIds while it runs.
  void Reorder(const Comm& comm, std::span<const GlobalId> order);
  Rank Owner(GlobalId g) const { return part_[static_cast<std::size_t>(g)]; }
  const std::vector<GlobalId>& Owned() const { return owned_; }  // in row order
  LocalId LocalOf(GlobalId owned_gid) const;                     // throws if not mine
  // Row of node g among its owner's owned rows (valid for any g; 4 more bytes per node, O(1)).
  LocalId RowAtOwner(GlobalId g) const { return row_at_owner_[static_cast<std::size_t>(g)]; }
  std::int64_t NumNodes() const { return static_cast<std::int64_t>(part_.size()); }
  int Parts() const { return parts_; }

 private:
  std::vector<Rank> part_;
  std::vector<LocalId> row_at_owner_;
  std::vector<GlobalId> owned_;
  Rank me_;
  int parts_ = 0;
};

class RowPlan {
 public:
  struct Segment {
    Rank peer;
    std::size_t begin, count;  // rows [begin, begin + count) of the served rows (sends) or of the wanted rows
    bool run;                  // consecutive rows of the source, sent in place
  };

  RowPlan() = default;
  // wanted: unique non-owned ids grouped by owner (use SortByOwner). Collective.
  RowPlan(const Comm& comm, const Ownership& own, std::span<const GlobalId> wanted);
  // The same, reusing this plan's buffers (the per-epoch negatives: no allocation once they are large enough).
  void Rebuild(const Comm& comm, const Ownership& own, std::span<const GlobalId> wanted);

  // A mark that Rebuild clears: who built the plan (PairIndexer, to know its all-remote plan is still its own).
  void SetBuiltBy(const void* builder) { built_by_ = builder; }
  const void* BuiltBy() const { return built_by_; }

  std::size_t NumWanted() const { return num_wanted_; }
  // Rows wanted from / served to each rank.
  std::span<const int> WantCounts() const { return want_counts_; }
  std::span<const int> ServeCounts() const { return serve_counts_; }
  std::size_t NumServed() const { return send_rows_.size(); }

  // Writes the wanted rows of the owners' `source` into `dest` rows [dest_begin, dest_begin + NumWanted()).
  // source and dest may be the same matrix (the halo case: owned rows first, halo rows after). Collective.
  void Fetch(const Comm& comm, ConstMatRef source, MatRef dest, Eigen::Index dest_begin);
  // Fetch in two halves: Start sends the served rows and posts the receives (straight into dest when its rows
  // are contiguous); Finish waits. Runs of at least kMinRunRows consecutive served rows are sent from `source` in
  // place (when its rows are contiguous); the rest is packed first. Neither rows of `dest` being received nor the served rows of
  // `source` may change in between. TestAll progresses the messages.
  void FetchStart(const Comm& comm, ConstMatRef source, MatRef dest, Eigen::Index dest_begin);
  bool FetchTest(const Comm& comm);
  void FetchFinish(const Comm& comm, MatRef dest, Eigen::Index dest_begin);
  // Sends rows [src_begin, src_begin + NumWanted()) of grad back and adds them into the owners' `target` rows.
  void Return(const Comm& comm, ConstMatRef grad, Eigen::Index src_begin, MatRef target);

  std::int64_t BytesSentLastCall() const { return bytes_sent_; }
  // Served rows that FetchStart sends without packing them (when the source's rows are contiguous).
  std::size_t NumServedInPlace() const { return served_in_place_; }
  static constexpr std::size_t kMinRunRows = 128;
  // Messages this rank sent in the last call (Fetch: one per segment; Return: one per peer with a share).
  int MessagesLastCall() const { return messages_; }

 private:
  std::size_t num_wanted_ = 0;
  std::vector<int> want_counts_, serve_counts_;  // rows per peer
  std::vector<GlobalId> requests_;               // ids the peers asked me for, grouped by peer
  std::vector<LocalId> send_rows_;               // my owned rows, grouped by requesting peer
  // One message each, in order per peer. Sender and receiver cut a peer's rows into the same segments: each
  // computes them from the same row sequence (the owner's rows, as LocalOf there and RowAtOwner here).
  std::vector<Segment> send_segments_, recv_segments_;
  std::size_t served_in_place_ = 0;
  const void* built_by_ = nullptr;
  std::vector<int> send_elems_, recv_elems_;
  std::vector<float> send_buf_, recv_buf_;
  Requests pending_;
  bool recv_in_place_ = true;
  std::int64_t bytes_sent_ = 0;
  int messages_ = 0;
};

// Sorts ids by (owner, row at the owner) and removes duplicates: each owner's rows in its own row order, so rows
// it keeps together are served as one run (see RowPlan's segments).
void SortByOwner(const Ownership& own, std::vector<GlobalId>& ids);

// The halo exchange of the encoder: rows [n_owned, n_owned + n_halo) of a node buffer are the halo ids in
// (owner, row at the owner) order. Keeps the time spent in it and the bytes it sent since the last ResetStats.
//
// When every rank runs on one host (one monotonic clock), each Start also sends the peers it serves the time it
// began, so Finish can tell how much of its wait came before the last of its sources had even begun: waiting on a
// slower peer (load imbalance, or a preempted rank), not on the exchange.
class HaloExchange final : public core::RowExchange {
 public:
  HaloExchange(const Comm& comm, const Ownership& own, std::span<const GlobalId> halo_ids);
  void Start(MatRef rows) override;
  void Progress() override;
  void Finish(MatRef rows) override;
  const RowPlan& Plan() const { return plan_; }

  struct Stats {
    double start_seconds = 0;   // packing (rows not in runs) and posting
    double finish_seconds = 0;  // waiting for what was not yet hidden behind compute
    // The part of finish_seconds before the last of this rank's sources began its Start (0 unless
    // PeerLatenessKnown).
    double peer_late_seconds = 0;
    std::int64_t bytes_sent = 0;
    int exchanges = 0;
  };
  const Stats& GetStats() const { return stats_; }
  void ResetStats() { stats_ = {}; }
  std::int64_t BytesSent() const { return total_bytes_sent_; }  // since construction
  bool PeerLatenessKnown() const { return one_host_; }

 private:
  const Comm& comm_;
  RowPlan plan_;
  bool one_host_ = false;
  std::vector<Rank> sources_, targets_;  // ranks I receive halo rows from, and send rows to
  std::vector<double> source_starts_;    // when each source began its last Start (seconds, steady clock)
  double start_stamp_ = 0;
  Requests stamps_;
  Eigen::Index n_owned_;
  Stats stats_;
  std::int64_t total_bytes_sent_ = 0;
};

}  // namespace vgae::dist
