#include "dist/row_plan.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"

namespace vgae::dist {

Ownership::Ownership(std::vector<Rank> part, Rank me) : part_(std::move(part)), me_(me) {
  for (auto p : part_) parts_ = std::max(parts_, p + 1);
  std::vector<LocalId> next(static_cast<std::size_t>(parts_), 0);
  row_at_owner_.resize(part_.size());
  for (std::size_t g = 0; g < part_.size(); ++g) {
    row_at_owner_[g] = next[static_cast<std::size_t>(part_[g])]++;
    if (part_[g] == me_) owned_.push_back(static_cast<GlobalId>(g));
  }
}

void Ownership::Reorder(const Comm& comm, std::span<const GlobalId> order) {
  VGAE_CHECK(order.size() == owned_.size());
  std::vector<LocalId> new_row(order.size(), -1);
  std::vector<GlobalId> owned(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto j = static_cast<std::size_t>(order[k]);
    VGAE_CHECK(j < new_row.size() && new_row[j] < 0);
    new_row[j] = static_cast<LocalId>(k);
    owned[k] = owned_[j];
  }
  // Every rank's permutation in rank order: node g of rank r moves from its row j to all[start[r] + j].
  const auto all = comm.Allgatherv<LocalId>(std::span<const LocalId>(new_row));
  VGAE_CHECK(all.size() == part_.size());
  std::vector<std::size_t> start(static_cast<std::size_t>(parts_) + 1, 0);
  for (auto p : part_) ++start[static_cast<std::size_t>(p) + 1];
  for (std::size_t r = 0; r + 1 < start.size(); ++r) start[r + 1] += start[r];
  for (std::size_t g = 0; g < part_.size(); ++g)
    row_at_owner_[g] = all[start[static_cast<std::size_t>(part_[g])] + static_cast<std::size_t>(row_at_owner_[g])];
  owned_ = std::move(owned);
}

LocalId Ownership::LocalOf(GlobalId g) const {
  if (g < 0 || g >= NumNodes() || part_[static_cast<std::size_t>(g)] != me_)
    throw InternalError(detail::Concat("rank ", me_, " asked for node ", g, " which it does not own"));
  return row_at_owner_[static_cast<std::size_t>(g)];
}

void SortByOwner(const Ownership& own, std::vector<GlobalId>& ids) {
  std::sort(ids.begin(), ids.end(), [&](GlobalId a, GlobalId b) {
    const Rank oa = own.Owner(a), ob = own.Owner(b);
    return oa != ob ? oa < ob : own.RowAtOwner(a) < own.RowAtOwner(b);
  });
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

namespace {
using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
constexpr int kFetchTag = 711;
constexpr int kStampTag = 712;
double Stamp(Clock::time_point t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }

}  // namespace

// Cuts rows [begin, end) of a peer's sequence into segments: each run of at least kMinRunRows consecutive rows is
// one, and the rows between such runs are one each.
template <typename RowOf>
void AppendSegments(Rank peer, std::size_t begin, std::size_t end, RowOf row_of, std::size_t min_run,
                    std::vector<RowPlan::Segment>& out) {
  const auto run_end = [&](std::size_t i) {
    std::size_t j = i + 1;
    while (j < end && row_of(j) == row_of(j - 1) + 1) ++j;
    return j;
  };
  std::size_t i = begin;
  while (i < end) {
    std::size_t j = run_end(i);
    if (j - i >= min_run) {
      out.push_back({peer, i, j - i, true});
      i = j;
      continue;
    }
    const std::size_t first = i;
    for (i = j; i < end; i = j) {
      j = run_end(i);
      if (j - i >= min_run) break;
    }
    out.push_back({peer, first, i - first, false});
  }
}

RowPlan::RowPlan(const Comm& comm, const Ownership& own, std::span<const GlobalId> wanted) {
  Rebuild(comm, own, wanted);
}

void RowPlan::Rebuild(const Comm& comm, const Ownership& own, std::span<const GlobalId> wanted) {
  VGAE_CHECK(pending_.handles.empty());
  built_by_ = nullptr;
  num_wanted_ = wanted.size();
  const auto p = static_cast<std::size_t>(comm.size());
  want_counts_.assign(p, 0);
  serve_counts_.assign(p, 0);
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const Rank o = own.Owner(wanted[i]);
    VGAE_CHECK(o != comm.rank());
    VGAE_CHECK(i == 0 || own.Owner(wanted[i - 1]) <= o);
    ++want_counts_[static_cast<std::size_t>(o)];
  }
  comm.AlltoallCounts(want_counts_, serve_counts_);
  std::size_t served = 0;
  for (int c : serve_counts_) served += static_cast<std::size_t>(c);
  ResizeWithSlack(requests_, served);
  comm.Alltoallv<GlobalId>(wanted, want_counts_, requests_, serve_counts_);
  ResizeWithSlack(send_rows_, served);
  for (std::size_t i = 0; i < served; ++i) send_rows_[i] = own.LocalOf(requests_[i]);
  send_segments_.clear();
  recv_segments_.clear();
  served_in_place_ = 0;
  std::size_t at_send = 0, at_recv = 0;
  for (std::size_t r = 0; r < p; ++r) {
    const auto peer = static_cast<Rank>(r);
    const auto ns = static_cast<std::size_t>(serve_counts_[r]), nr = static_cast<std::size_t>(want_counts_[r]);
    AppendSegments(peer, at_send, at_send + ns, [&](std::size_t i) { return send_rows_[i]; }, kMinRunRows,
                   send_segments_);
    AppendSegments(peer, at_recv, at_recv + nr, [&](std::size_t i) { return own.RowAtOwner(wanted[i]); }, kMinRunRows,
                   recv_segments_);
    at_send += ns;
    at_recv += nr;
  }
  for (const auto& seg : send_segments_) served_in_place_ += seg.run ? seg.count : 0;
  send_elems_.resize(p);
  recv_elems_.resize(p);
}

void RowPlan::FetchStart(const Comm& comm, ConstMatRef source, MatRef dest, Eigen::Index dest_begin) {
  const auto width = source.cols();
  const auto w = static_cast<std::size_t>(width);
  VGAE_CHECK(pending_.handles.empty());
  VGAE_CHECK(dest.cols() == width && dest.rows() >= dest_begin + static_cast<Eigen::Index>(num_wanted_));
  // Runs go from the source rows in place; the rest is packed, each segment after the one before it.
  const bool in_place = source.outerStride() == width;
  std::size_t packed = 0;
  for (const auto& seg : send_segments_) packed += in_place && seg.run ? 0 : seg.count;
  ResizeWithSlack(send_buf_, packed * w);
  // Rows of a row-major matrix are contiguous, so the halo block is received in place.
  recv_in_place_ = dest.outerStride() == width;
  float* recv = dest.data() + dest_begin * dest.outerStride();
  if (!recv_in_place_) {
    ResizeWithSlack(recv_buf_, num_wanted_ * w);
    recv = recv_buf_.data();
  }
  messages_ = 0;
  for (const auto& seg : recv_segments_)
    comm.Irecv<float>(std::span<float>(recv + seg.begin * w, seg.count * w), seg.peer, kFetchTag, pending_);
  float* pack = send_buf_.data();
  for (const auto& seg : send_segments_) {
    const float* from = nullptr;
    if (in_place && seg.run) {
      from = source.row(send_rows_[seg.begin]).data();
    } else {
      for (std::size_t i = seg.begin; i < seg.begin + seg.count; ++i, pack += w)
        std::copy_n(source.row(send_rows_[i]).data(), width, pack);
      from = pack - seg.count * w;
    }
    comm.Isend<float>(std::span<const float>(from, seg.count * w), seg.peer, kFetchTag, pending_);
    ++messages_;
  }
  bytes_sent_ = static_cast<std::int64_t>(send_rows_.size() * w * sizeof(float));
}

bool RowPlan::FetchTest(const Comm& comm) { return comm.TestAll(pending_); }

void RowPlan::FetchFinish(const Comm& comm, MatRef dest, Eigen::Index dest_begin) {
  comm.WaitAll(pending_);
  if (!recv_in_place_) {
    const auto width = dest.cols();
    for (std::size_t i = 0; i < num_wanted_; ++i)
      std::copy_n(recv_buf_.data() + i * static_cast<std::size_t>(width), width,
                  dest.row(dest_begin + static_cast<Eigen::Index>(i)).data());
  }
}

void RowPlan::Fetch(const Comm& comm, ConstMatRef source, MatRef dest, Eigen::Index dest_begin) {
  FetchStart(comm, source, dest, dest_begin);
  FetchFinish(comm, dest, dest_begin);
}

void RowPlan::Return(const Comm& comm, ConstMatRef grad, Eigen::Index src_begin, MatRef target) {
  const auto width = grad.cols();
  VGAE_CHECK(target.cols() == width);
  // The wanted rows are grouped by owner in order, so a row-major block of them is already the message: it is
  // sent from where it is, and only a strided one is packed first.
  const std::size_t elems = num_wanted_ * static_cast<std::size_t>(width);
  std::span<const float> outgoing;
  if (elems > 0 && grad.outerStride() == width) {
    outgoing = {grad.data() + src_begin * width, elems};
  } else if (elems > 0) {
    ResizeWithSlack(recv_buf_, elems);
    for (std::size_t i = 0; i < num_wanted_; ++i)
      std::copy_n(grad.row(src_begin + static_cast<Eigen::Index>(i)).data(), width,
                  recv_buf_.data() + i * static_cast<std::size_t>(width));
    outgoing = {recv_buf_.data(), elems};
  }
  messages_ = 0;
  for (std::size_t r = 0; r < want_counts_.size(); ++r) {
    send_elems_[r] = serve_counts_[r] * static_cast<int>(width);
    recv_elems_[r] = want_counts_[r] * static_cast<int>(width);
    messages_ += want_counts_[r] > 0;
  }
  ResizeWithSlack(send_buf_, send_rows_.size() * static_cast<std::size_t>(width));
  comm.Alltoallv<float>(outgoing, recv_elems_, send_buf_, send_elems_);
  for (std::size_t i = 0; i < send_rows_.size(); ++i) {
    float* dst = target.row(send_rows_[i]).data();
    const float* src = send_buf_.data() + i * static_cast<std::size_t>(width);
    for (Eigen::Index c = 0; c < width; ++c) dst[c] += src[c];
  }
  bytes_sent_ = static_cast<std::int64_t>(elems * sizeof(float));
}

HaloExchange::HaloExchange(const Comm& comm, const Ownership& own, std::span<const GlobalId> halo_ids)
    : comm_(comm), plan_(comm, own, halo_ids), n_owned_(static_cast<Eigen::Index>(own.Owned().size())) {
  one_host_ = comm.OneHost();
  for (int r = 0; r < comm.size(); ++r) {
    if (plan_.WantCounts()[static_cast<std::size_t>(r)] > 0) sources_.push_back(r);
    if (plan_.ServeCounts()[static_cast<std::size_t>(r)] > 0) targets_.push_back(r);
  }
  source_starts_.resize(sources_.size());
}

void HaloExchange::Start(MatRef rows) {
  VGAE_CHECK(rows.rows() == n_owned_ + static_cast<Eigen::Index>(plan_.NumWanted()));
  const auto t0 = Clock::now();
  plan_.FetchStart(comm_, rows.topRows(n_owned_), rows, n_owned_);
  if (one_host_) {
    start_stamp_ = Stamp(t0);
    for (std::size_t i = 0; i < sources_.size(); ++i)
      comm_.Irecv<double>(std::span<double>(&source_starts_[i], 1), sources_[i], kStampTag, stamps_);
    for (const Rank t : targets_) comm_.Isend<double>(std::span<const double>(&start_stamp_, 1), t, kStampTag, stamps_);
  }
  stats_.start_seconds += Since(t0);
  stats_.bytes_sent += plan_.BytesSentLastCall();
  total_bytes_sent_ += plan_.BytesSentLastCall();
  ++stats_.exchanges;
}

void HaloExchange::Progress() { plan_.FetchTest(comm_); }

void HaloExchange::Finish(MatRef rows) {
  const auto t0 = Clock::now();
  plan_.FetchFinish(comm_, rows, n_owned_);
  const double waited = Since(t0);
  stats_.finish_seconds += waited;
  if (one_host_) {
    comm_.WaitAll(stamps_);  // sent with the rows: here by now
    double last = Stamp(t0);
    for (double s : source_starts_) last = std::max(last, s);
    stats_.peer_late_seconds += std::min(last - Stamp(t0), waited);
  }
}

}  // namespace vgae::dist
