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

LocalId Ownership::LocalOf(GlobalId g) const {
  if (g < 0 || g >= NumNodes() || part_[static_cast<std::size_t>(g)] != me_)
    throw InternalError(detail::Concat("rank ", me_, " asked for node ", g, " which it does not own"));
  return row_at_owner_[static_cast<std::size_t>(g)];
}

void SortByOwner(const Ownership& own, std::vector<GlobalId>& ids) {
  std::sort(ids.begin(), ids.end(), [&](GlobalId a, GlobalId b) {
    const Rank oa = own.Owner(a), ob = own.Owner(b);
    return oa != ob ? oa < ob : a < b;
  });
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

namespace {
using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
constexpr int kFetchTag = 711;
}  // namespace

RowPlan::RowPlan(const Comm& comm, const Ownership& own, std::span<const GlobalId> wanted) {
  Rebuild(comm, own, wanted);
}

void RowPlan::Rebuild(const Comm& comm, const Ownership& own, std::span<const GlobalId> wanted) {
  VGAE_CHECK(pending_.handles.empty());
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
  send_elems_.resize(p);
  recv_elems_.resize(p);
}

void RowPlan::FetchStart(const Comm& comm, ConstMatRef source, MatRef dest, Eigen::Index dest_begin) {
  const auto width = source.cols();
  const auto w = static_cast<std::size_t>(width);
  VGAE_CHECK(pending_.handles.empty());
  VGAE_CHECK(dest.cols() == width && dest.rows() >= dest_begin + static_cast<Eigen::Index>(num_wanted_));
  ResizeWithSlack(send_buf_, send_rows_.size() * w);
  for (std::size_t i = 0; i < send_rows_.size(); ++i)
    std::copy_n(source.row(send_rows_[i]).data(), width, send_buf_.data() + i * w);
  // Rows of a row-major matrix are contiguous, so the halo block is received in place.
  recv_in_place_ = dest.outerStride() == width;
  float* recv = dest.data() + dest_begin * dest.outerStride();
  if (!recv_in_place_) {
    ResizeWithSlack(recv_buf_, num_wanted_ * w);
    recv = recv_buf_.data();
  }
  messages_ = 0;
  std::size_t at_recv = 0, at_send = 0;
  for (std::size_t r = 0; r < want_counts_.size(); ++r) {
    const auto nr = static_cast<std::size_t>(want_counts_[r]) * w;
    if (nr > 0) comm.Irecv<float>(std::span<float>(recv + at_recv, nr), static_cast<Rank>(r), kFetchTag, pending_);
    at_recv += nr;
  }
  for (std::size_t r = 0; r < serve_counts_.size(); ++r) {
    const auto ns = static_cast<std::size_t>(serve_counts_[r]) * w;
    if (ns > 0) {
      comm.Isend<float>(std::span<const float>(send_buf_.data() + at_send, ns), static_cast<Rank>(r), kFetchTag, pending_);
      ++messages_;
    }
    at_send += ns;
  }
  bytes_sent_ = static_cast<std::int64_t>(send_buf_.size() * sizeof(float));
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
    : comm_(comm), plan_(comm, own, halo_ids), n_owned_(static_cast<Eigen::Index>(own.Owned().size())) {}

void HaloExchange::Start(MatRef rows) {
  VGAE_CHECK(rows.rows() == n_owned_ + static_cast<Eigen::Index>(plan_.NumWanted()));
  const auto t0 = Clock::now();
  plan_.FetchStart(comm_, rows.topRows(n_owned_), rows, n_owned_);
  stats_.start_seconds += Since(t0);
  stats_.bytes_sent += plan_.BytesSentLastCall();
  total_bytes_sent_ += plan_.BytesSentLastCall();
  ++stats_.exchanges;
}

void HaloExchange::Progress() { plan_.FetchTest(comm_); }

void HaloExchange::Finish(MatRef rows) {
  const auto t0 = Clock::now();
  plan_.FetchFinish(comm_, rows, n_owned_);
  stats_.finish_seconds += Since(t0);
}

}  // namespace vgae::dist
