// Threads inside a rank. Work is split into fixed-size chunks whose boundaries never depend on the thread
// count, and every floating-point sum is either owned by one chunk (one output row) or combined across chunks in
// chunk order; so the results are bit-identical for any number of threads.
//
// Whether a call runs on one thread or on all of them therefore changes only its time, and ParallelChunks chooses
// it while running (ThreadChoices below): on small graphs the threads' start and join cost more than they save.
// Cora on a 2-core Zen 5 VM, old and new binaries interleaved: 1.10-1.13 ms per epoch at 2 threads before the
// choice, 0.75-0.79 ms with it, 0.71-0.80 ms at 1 thread; PubMed 6.9-8.2 -> 6.4-7.5 ms (PairBce keeps to one
// thread there).
#pragma once

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

namespace vgae::core {

// Threads used by the kernels of this process (OpenMP's setting; --threads or OMP_NUM_THREADS).
inline int NumThreads() { return omp_get_max_threads(); }
inline void SetNumThreads(int threads) { omp_set_num_threads(std::max(1, threads)); }

// The fastest of kWays interchangeable ways of running one kind of call, found by timing its first calls: each way
// runs kRounds times, in turn (way 0, 1, ..., 0, 1, ...), and from then on the way with the lowest cost seen is
// kept (the lowest way on ties). The ways must give the same results: a choice misled by a noisy machine costs
// time, never bits. Cost is the call's time, or its time per unit of work when calls of a kind differ in size.
template <int kWays, int kRounds = 2>
class FastestWay {
  static_assert(kWays >= 1 && kRounds >= 1);

 public:
  FastestWay() { std::fill(std::begin(best_), std::end(best_), -1.0); }
  int Next() const { return Chosen() ? chosen_ : trials_ % kWays; }
  bool Chosen() const { return chosen_ >= 0; }
  // Ends the trials with `way` chosen.
  void Keep(int way) { chosen_ = std::clamp(way, 0, kWays - 1); }
  // The cost of a call made the way Next() gave; ignored once chosen.
  void Record(int way, double cost) {
    if (Chosen() || way < 0 || way >= kWays) return;
    if (best_[way] < 0 || cost < best_[way]) best_[way] = cost;
    if (++trials_ < kWays * kRounds) return;
    chosen_ = 0;
    for (int w = 1; w < kWays; ++w)
      if (best_[w] >= 0 && (best_[chosen_] < 0 || best_[w] < best_[chosen_])) chosen_ = w;
  }

 private:
  int trials_ = 0;
  int chosen_ = -1;
  double best_[kWays];  // lowest cost of each way so far (negative: none yet)
};

// How calls that could use every thread pick their threads: kChoose times both (FastestWay); kAll and kOne fix it,
// for tests that must run the threaded path and for measurements of one way.
enum class ThreadUse { kChoose, kAll, kOne };
namespace parallel_impl {
inline std::atomic<ThreadUse> thread_use{ThreadUse::kChoose};
}  // namespace parallel_impl
inline void SetThreadUse(ThreadUse use) { parallel_impl::thread_use.store(use, std::memory_order_relaxed); }
inline ThreadUse GetThreadUse() { return parallel_impl::thread_use.load(std::memory_order_relaxed); }

// One call site's choices between all threads (way 0) and one (way 1), per thread count and size class (calls of
// n items with n's highest bit the same share one, timed per item). Three rounds: the first calls of a site meet
// cold caches and page faults. Two limits on the timing:
// - a call that takes over kAllThreadsAboveNs on all threads keeps them without trying one: it is large enough
//   for the threads to pay, and a trial on one thread would cost as much again;
// - a call that took under kOneThreadBelowNs on one thread stays there even if the threads were faster in the
//   trials. The trials alternate, so the other threads are awake for them; once most calls keep to one thread
//   they sleep between the few parallel ones and each wake-up costs more than the trials saw (Cora, 2 threads, a
//   Zen 5 VM: every call then kept by the timing alone gave 0.70-0.77 ms per epoch, against 0.55 ms at 1 thread).
// Not thread-safe: one caller at a time.
class ThreadChoices {
 public:
  static constexpr double kAllThreadsAboveNs = 1e7;
  static constexpr double kOneThreadBelowNs = 5e4;
  struct Call {
    bool all;    // run on every thread
    bool timed;  // still choosing: Record the call
  };
  Call Next(std::int64_t n, int threads) {
    switch (GetThreadUse()) {
      case ThreadUse::kAll: return {true, false};
      case ThreadUse::kOne: return {false, false};
      case ThreadUse::kChoose: break;
    }
    const auto& way = choices_[Key(n, threads)].way;
    return {way.Next() == 0, !way.Chosen()};
  }
  void Record(std::int64_t n, int threads, bool all, double ns) {
    auto& c = choices_[Key(n, threads)];
    if (!all) c.one_ns = c.one_ns < 0 ? ns : std::min(c.one_ns, ns);
    if (all && ns > kAllThreadsAboveNs) c.way.Keep(0);
    c.way.Record(all ? 0 : 1, ns / static_cast<double>(std::max<std::int64_t>(n, 1)));
    if (c.way.Chosen() && c.way.Next() == 0 && c.one_ns >= 0 && c.one_ns < kOneThreadBelowNs) c.way.Keep(1);
  }

 private:
  struct Choice {
    FastestWay<2, 3> way;
    double one_ns = -1;  // the fastest call on one thread (negative: none yet)
  };
  static std::pair<int, int> Key(std::int64_t n, int threads) {
    return {std::bit_width(static_cast<std::uint64_t>(std::max<std::int64_t>(n, 0))), threads};
  }
  std::map<std::pair<int, int>, Choice> choices_;
};

// Runs fn(all) as choices.Next(n, threads) says, timing it into choices while they are still choosing. With a
// mutex, choices is used under it (fn runs outside it); without, the caller is the only user of choices.
template <typename Fn>
void ChosenCall(std::mutex* mu, ThreadChoices& choices, std::int64_t n, int threads, Fn&& fn) {
  auto locked = [&](auto&& use) {
    if (!mu) return use();
    std::lock_guard lock(*mu);
    return use();
  };
  const auto call = locked([&] { return choices.Next(n, threads); });
  if (!call.timed) return fn(call.all);
  const auto t0 = std::chrono::steady_clock::now();
  fn(call.all);
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  locked([&] { choices.Record(n, threads, call.all, ns); });
}

namespace parallel_impl {
template <typename Fn>
void RunChunks(std::int64_t n, std::int64_t grain, bool all, Fn& fn) {
  const std::int64_t chunks = (n + grain - 1) / grain;
  if (!all) {
    for (std::int64_t c = 0; c < chunks; ++c) fn(c * grain, std::min(n, (c + 1) * grain));
    return;
  }
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t c = 0; c < chunks; ++c) fn(c * grain, std::min(n, (c + 1) * grain));
}
// One chunk, one thread, or already inside a parallel region: nothing to spread.
inline bool Inline(std::int64_t n, std::int64_t grain) {
  return n <= grain || omp_get_max_threads() == 1 || omp_in_parallel();
}
}  // namespace parallel_impl

// Threads a call made with ThreadUse::kAll uses (one under SetThreadUse(kOne)).
inline int ThreadsOnAll() { return GetThreadUse() == ThreadUse::kOne ? 1 : NumThreads(); }

// Calls fn(begin, end) for consecutive chunks of [0, n) of `grain` items each, spread over the threads
// (dynamic: rows of power-law graphs differ in cost), or all on the calling thread. With `use` kChoose, whichever
// this call site (fn's type: each lambda is a type of its own) has found faster for calls of about n items; kAll
// for calls that choose something else by their own time per thread count (the SpMM's prefetch distance), where
// a choice of threads made at the same time would be mistaken for theirs. SetThreadUse overrides `use`.
template <typename Fn>
void ParallelChunks(std::int64_t n, std::int64_t grain, Fn&& fn, ThreadUse use = ThreadUse::kChoose) {
  if (n <= 0) return;
  if (GetThreadUse() != ThreadUse::kChoose) use = GetThreadUse();
  const bool spread = !parallel_impl::Inline(n, grain);
  if (use != ThreadUse::kChoose || !spread)
    return parallel_impl::RunChunks(n, grain, spread && use == ThreadUse::kAll, fn);
  static std::mutex mu;  // per call site
  static ThreadChoices choices;
  ChosenCall(&mu, choices, n, omp_get_max_threads(),
             [&](bool all) { parallel_impl::RunChunks(n, grain, all, fn); });
}

}  // namespace vgae::core
