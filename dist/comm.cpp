#include "dist/comm.h"

#include <functional>
#include <numeric>
#include <string_view>

#include "core/error.h"

namespace vgae::dist {
namespace {
void Check(int code, const char* call, Rank rank) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(code, text, &len);
  throw CommError(detail::Concat("rank ", rank, ": ", call, " failed: ", std::string(text, static_cast<std::size_t>(len))));
}

void Displacements(std::span<const int> counts, std::vector<int>& displs) {
  displs.assign(counts.size(), 0);
  for (std::size_t i = 1; i < counts.size(); ++i) displs[i] = displs[i - 1] + counts[i - 1];
}

std::vector<int> Displacements(std::span<const int> counts) {
  std::vector<int> displs;
  Displacements(counts, displs);
  return displs;
}

int CheckedCount(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw CommError(detail::Concat("message of ", n, " elements exceeds MPI's int count"));
  return static_cast<int>(n);
}
}  // namespace

template <> MPI_Datatype MpiTypeOf<float>() { return MPI_FLOAT; }
template <> MPI_Datatype MpiTypeOf<double>() { return MPI_DOUBLE; }
template <> MPI_Datatype MpiTypeOf<std::int32_t>() { return MPI_INT32_T; }
template <> MPI_Datatype MpiTypeOf<std::int64_t>() { return MPI_INT64_T; }
template <> MPI_Datatype MpiTypeOf<std::uint64_t>() { return MPI_UINT64_T; }

Comm::Comm(MPI_Comm comm) : comm_(comm) {
  MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
  Check(MPI_Comm_rank(comm_, &rank_), "MPI_Comm_rank", -1);
  Check(MPI_Comm_size(comm_, &size_), "MPI_Comm_size", rank_);
}

void Comm::Barrier() const { Check(MPI_Barrier(comm_), "MPI_Barrier", rank_); }

template <typename T>
void Comm::AllreduceSum(std::span<T> data) const {
  Check(MPI_Allreduce(MPI_IN_PLACE, data.data(), CheckedCount(data.size()), MpiTypeOf<T>(), MPI_SUM, comm_),
        "MPI_Allreduce", rank_);
}

template <typename T>
T Comm::AllreduceSum(T value) const {
  AllreduceSum(std::span<T>(&value, 1));
  return value;
}

template <typename T>
T Comm::AllreduceMax(T value) const {
  Check(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MpiTypeOf<T>(), MPI_MAX, comm_), "MPI_Allreduce(max)", rank_);
  return value;
}

template <typename T>
T Comm::AllreduceMin(T value) const {
  Check(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MpiTypeOf<T>(), MPI_MIN, comm_), "MPI_Allreduce(min)", rank_);
  return value;
}

template <typename T>
T Comm::ExclusiveSum(T value) const {
  T before{};
  Check(MPI_Exscan(&value, &before, 1, MpiTypeOf<T>(), MPI_SUM, comm_), "MPI_Exscan", rank_);
  return rank_ == 0 ? T{} : before;  // MPI leaves rank 0's result undefined
}

bool Comm::AllreduceOr(bool value) const { return AllreduceMax<std::int32_t>(value ? 1 : 0) != 0; }

bool Comm::OneHost() const {
  char name[MPI_MAX_PROCESSOR_NAME] = {};
  int len = 0;
  Check(MPI_Get_processor_name(name, &len), "MPI_Get_processor_name", rank_);
  const std::uint64_t mine = std::hash<std::string_view>{}(std::string_view(name, static_cast<std::size_t>(len)));
  return AllreduceMin<std::uint64_t>(mine) == AllreduceMax<std::uint64_t>(mine);
}

template <typename T>
void Comm::Broadcast(std::span<T> data, Rank root) const {
  Check(MPI_Bcast(data.data(), CheckedCount(data.size()), MpiTypeOf<T>(), root, comm_), "MPI_Bcast", rank_);
}

template <typename T>
std::vector<T> Comm::Allgatherv(std::span<const T> mine) const {
  std::vector<int> counts(static_cast<std::size_t>(size_));
  int n = CheckedCount(mine.size());
  Check(MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, comm_), "MPI_Allgather", rank_);
  const auto displs = Displacements(counts);
  std::vector<T> all(static_cast<std::size_t>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0})));
  Check(MPI_Allgatherv(mine.data(), n, MpiTypeOf<T>(), all.data(), counts.data(), displs.data(), MpiTypeOf<T>(), comm_),
        "MPI_Allgatherv", rank_);
  return all;
}

template <typename T>
std::vector<T> Comm::Gatherv(std::span<const T> mine, Rank root) const {
  std::vector<int> counts(static_cast<std::size_t>(size_));
  int n = CheckedCount(mine.size());
  Check(MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, root, comm_), "MPI_Gather", rank_);
  std::vector<T> all;
  std::vector<int> displs;
  if (rank_ == root) {
    displs = Displacements(counts);
    all.resize(static_cast<std::size_t>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0})));
  }
  Check(MPI_Gatherv(mine.data(), n, MpiTypeOf<T>(), all.data(), counts.data(), displs.data(), MpiTypeOf<T>(), root,
                    comm_),
        "MPI_Gatherv", rank_);
  return all;
}

template <typename T>
std::vector<T> Comm::Alltoallv(std::span<const T> send, std::span<const int> send_counts,
                               std::vector<int>& recv_counts) const {
  recv_counts.assign(static_cast<std::size_t>(size_), 0);
  Check(MPI_Alltoall(send_counts.data(), 1, MPI_INT, recv_counts.data(), 1, MPI_INT, comm_), "MPI_Alltoall", rank_);
  std::vector<T> recv(static_cast<std::size_t>(std::accumulate(recv_counts.begin(), recv_counts.end(), std::int64_t{0})));
  Alltoallv<T>(send, send_counts, recv, recv_counts);
  return recv;
}

template <typename T>
void Comm::Alltoallv(std::span<const T> send, std::span<const int> send_counts, std::span<T> recv,
                     std::span<const int> recv_counts) const {
  Displacements(send_counts, send_displs_);
  Displacements(recv_counts, recv_displs_);
  Check(MPI_Alltoallv(send.data(), send_counts.data(), send_displs_.data(), MpiTypeOf<T>(), recv.data(),
                      recv_counts.data(), recv_displs_.data(), MpiTypeOf<T>(), comm_),
        "MPI_Alltoallv", rank_);
}

void Comm::AlltoallCounts(std::span<const int> send_counts, std::span<int> recv_counts) const {
  VGAE_CHECK(static_cast<int>(send_counts.size()) == size_ && static_cast<int>(recv_counts.size()) == size_);
  Check(MPI_Alltoall(send_counts.data(), 1, MPI_INT, recv_counts.data(), 1, MPI_INT, comm_), "MPI_Alltoall", rank_);
}

template <typename T>
void Comm::Isend(std::span<const T> data, Rank dest, int tag, Requests& requests) const {
  MPI_Request r;
  Check(MPI_Isend(data.data(), CheckedCount(data.size()), MpiTypeOf<T>(), dest, tag, comm_, &r), "MPI_Isend", rank_);
  requests.handles.push_back(r);
}

template <typename T>
void Comm::Irecv(std::span<T> data, Rank source, int tag, Requests& requests) const {
  MPI_Request r;
  Check(MPI_Irecv(data.data(), CheckedCount(data.size()), MpiTypeOf<T>(), source, tag, comm_, &r), "MPI_Irecv", rank_);
  requests.handles.push_back(r);
}

void Comm::WaitAll(Requests& requests) const {
  if (requests.handles.empty()) return;
  Check(MPI_Waitall(static_cast<int>(requests.handles.size()), requests.handles.data(), MPI_STATUSES_IGNORE),
        "MPI_Waitall", rank_);
  requests.handles.clear();
}

bool Comm::TestAll(Requests& requests) const {
  if (requests.handles.empty()) return true;
  int done = 0;
  Check(MPI_Testall(static_cast<int>(requests.handles.size()), requests.handles.data(), &done, MPI_STATUSES_IGNORE),
        "MPI_Testall", rank_);
  if (done) requests.handles.clear();
  return done != 0;
}

#define VGAE_COMM_INSTANTIATE(T)                                                                                  \
  template void Comm::AllreduceSum<T>(std::span<T>) const;                                                       \
  template T Comm::AllreduceSum<T>(T) const;                                                                     \
  template T Comm::AllreduceMax<T>(T) const;                                                                     \
  template T Comm::AllreduceMin<T>(T) const;                                                                     \
  template T Comm::ExclusiveSum<T>(T) const;                                                                     \
  template void Comm::Broadcast<T>(std::span<T>, Rank) const;                                                    \
  template std::vector<T> Comm::Allgatherv<T>(std::span<const T>) const;                                         \
  template std::vector<T> Comm::Gatherv<T>(std::span<const T>, Rank) const;                                      \
  template std::vector<T> Comm::Alltoallv<T>(std::span<const T>, std::span<const int>, std::vector<int>&) const; \
  template void Comm::Alltoallv<T>(std::span<const T>, std::span<const int>, std::span<T>, std::span<const int>) const; \
  template void Comm::Isend<T>(std::span<const T>, Rank, int, Requests&) const;                                 \
  template void Comm::Irecv<T>(std::span<T>, Rank, int, Requests&) const;
VGAE_COMM_INSTANTIATE(float)
VGAE_COMM_INSTANTIATE(double)
VGAE_COMM_INSTANTIATE(std::int32_t)
VGAE_COMM_INSTANTIATE(std::int64_t)
VGAE_COMM_INSTANTIATE(std::uint64_t)
#undef VGAE_COMM_INSTANTIATE

}  // namespace vgae::dist
