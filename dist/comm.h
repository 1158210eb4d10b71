// The one communicator wrapper: typed collectives over MPI, every return code checked (the communicator is set
// to MPI_ERRORS_RETURN so failures become CommError naming the call and the rank). Call sites never pass void*
// and byte counts.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <span>
#include <vector>

#include "core/types.h"

namespace vgae::dist {

template <typename T>
MPI_Datatype MpiTypeOf();

// Outstanding non-blocking messages of one exchange. Their buffers must stay untouched until Comm::WaitAll.
struct Requests {
  std::vector<MPI_Request> handles;
};

class Comm {
 public:
  explicit Comm(MPI_Comm comm);
  static Comm World() { return Comm(MPI_COMM_WORLD); }

  Rank rank() const { return rank_; }
  int size() const { return size_; }
  MPI_Comm raw() const { return comm_; }

  void Barrier() const;

  template <typename T>
  void AllreduceSum(std::span<T> data) const;
  template <typename T>
  T AllreduceSum(T value) const;
  template <typename T>
  T AllreduceMax(T value) const;
  template <typename T>
  T AllreduceMin(T value) const;
  bool AllreduceOr(bool value) const;
  // True on every rank when all ranks run on one host (by MPI_Get_processor_name). Collective.
  bool OneHost() const;
  // Sum of the values of the ranks before this one (0 on rank 0): where a rank's block starts.
  template <typename T>
  T ExclusiveSum(T value) const;

  template <typename T>
  void Broadcast(std::span<T> data, Rank root) const;

  // Every rank's count values concatenated in rank order, on every rank.
  template <typename T>
  std::vector<T> Allgatherv(std::span<const T> mine) const;
  // The same, only on root (empty elsewhere).
  template <typename T>
  std::vector<T> Gatherv(std::span<const T> mine, Rank root) const;

  // send is grouped by destination with send_counts[p] entries for rank p; returns what every rank sent to
  // this one, grouped by source, and fills recv_counts.
  template <typename T>
  std::vector<T> Alltoallv(std::span<const T> send, std::span<const int> send_counts,
                           std::vector<int>& recv_counts) const;
  // The same with the receive counts already known (e.g. the reverse of an earlier exchange).
  template <typename T>
  void Alltoallv(std::span<const T> send, std::span<const int> send_counts, std::span<T> recv,
                 std::span<const int> recv_counts) const;
  // Only the counts: recv_counts[p] = what rank p's send_counts[me] is.
  void AlltoallCounts(std::span<const int> send_counts, std::span<int> recv_counts) const;

  // Point-to-point, non-blocking: post, compute, then WaitAll (TestAll lets the messages progress meanwhile).
  template <typename T>
  void Isend(std::span<const T> data, Rank dest, int tag, Requests& requests) const;
  template <typename T>
  void Irecv(std::span<T> data, Rank source, int tag, Requests& requests) const;
  void WaitAll(Requests& requests) const;
  bool TestAll(Requests& requests) const;

 private:
  MPI_Comm comm_;
  Rank rank_ = 0;
  int size_ = 1;
  // Alltoallv's displacements, kept between calls: the training loop calls it every epoch and must not allocate.
  mutable std::vector<int> send_displs_, recv_displs_;
};

}  // namespace vgae::dist
