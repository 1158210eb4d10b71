#include "dist/row_plan.h"

#include <algorithm>

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

RowPlan::RowPlan(const Comm& comm, const Ownership& own, std::span<const GlobalId> wanted)
    : num_wanted_(wanted.size()) {
  const auto p = static_cast<std::size_t>(comm.size());
  want_counts_.assign(p, 0);
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const Rank o = own.Owner(wanted[i]);
    VGAE_CHECK(o != comm.rank());
    VGAE_CHECK(i == 0 || own.Owner(wanted[i - 1]) <= o);
    ++want_counts_[static_cast<std::size_t>(o)];
  }
  const auto requests = comm.Alltoallv<GlobalId>(wanted, want_counts_, serve_counts_);
  send_rows_.resize(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) send_rows_[i] = own.LocalOf(requests[i]);
  send_elems_.resize(p);
  recv_elems_.resize(p);
}

void RowPlan::Fetch(const Comm& comm, ConstMatRef source, MatRef dest, Eigen::Index dest_begin) {
  const auto width = source.cols();
  VGAE_CHECK(dest.cols() == width && dest.rows() >= dest_begin + static_cast<Eigen::Index>(num_wanted_));
  send_buf_.resize(send_rows_.size() * static_cast<std::size_t>(width));
  for (std::size_t i = 0; i < send_rows_.size(); ++i)
    std::copy_n(source.row(send_rows_[i]).data(), width, send_buf_.data() + i * static_cast<std::size_t>(width));
  for (std::size_t r = 0; r < want_counts_.size(); ++r) {
    send_elems_[r] = serve_counts_[r] * static_cast<int>(width);
    recv_elems_[r] = want_counts_[r] * static_cast<int>(width);
  }
  // Rows of a row-major matrix are contiguous, so the halo block is received in place.
  std::span<float> recv(dest.row(0).data() + dest_begin * width, num_wanted_ * static_cast<std::size_t>(width));
  if (dest.outerStride() != width) {
    recv_buf_.resize(recv.size());
    recv = recv_buf_;
  }
  comm.Alltoallv<float>(send_buf_, send_elems_, recv, recv_elems_);
  if (dest.outerStride() != width)
    for (std::size_t i = 0; i < num_wanted_; ++i)
      std::copy_n(recv_buf_.data() + i * static_cast<std::size_t>(width), width,
                  dest.row(dest_begin + static_cast<Eigen::Index>(i)).data());
  bytes_sent_ = static_cast<std::int64_t>(send_buf_.size() * sizeof(float));
}

void RowPlan::Return(const Comm& comm, ConstMatRef grad, Eigen::Index src_begin, MatRef target) {
  const auto width = grad.cols();
  VGAE_CHECK(target.cols() == width);
  recv_buf_.resize(num_wanted_ * static_cast<std::size_t>(width));
  for (std::size_t i = 0; i < num_wanted_; ++i)
    std::copy_n(grad.row(src_begin + static_cast<Eigen::Index>(i)).data(), width,
                recv_buf_.data() + i * static_cast<std::size_t>(width));
  for (std::size_t r = 0; r < want_counts_.size(); ++r) {
    send_elems_[r] = serve_counts_[r] * static_cast<int>(width);
    recv_elems_[r] = want_counts_[r] * static_cast<int>(width);
  }
  send_buf_.resize(send_rows_.size() * static_cast<std::size_t>(width));
  comm.Alltoallv<float>(recv_buf_, recv_elems_, send_buf_, send_elems_);
  for (std::size_t i = 0; i < send_rows_.size(); ++i) {
    float* dst = target.row(send_rows_[i]).data();
    const float* src = send_buf_.data() + i * static_cast<std::size_t>(width);
    for (Eigen::Index c = 0; c < width; ++c) dst[c] += src[c];
  }
  bytes_sent_ = static_cast<std::int64_t>(recv_buf_.size() * sizeof(float));
}

HaloExchange::HaloExchange(const Comm& comm, const Ownership& own, std::span<const GlobalId> halo_ids)
    : comm_(comm), plan_(comm, own, halo_ids), n_owned_(static_cast<Eigen::Index>(own.Owned().size())) {}

void HaloExchange::Gather(MatRef rows) {
  VGAE_CHECK(rows.rows() == n_owned_ + static_cast<Eigen::Index>(plan_.NumWanted()));
  plan_.Fetch(comm_, rows.topRows(n_owned_), rows, n_owned_);
  bytes_sent_ += plan_.BytesSentLastCall();
}

}  // namespace vgae::dist
