// The training loop reuses its buffers: once the first epochs have sized them, an epoch of the sampled loss
// (GAE and VGAE, both weightings) makes no operator new call on any rank, at any rank count. Counted by
// replacing the global operator new of this binary; Eigen's and MPI's own malloc calls are not seen.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "dist/comm.h"
#include "dist/trainer.h"
#include "io/graph_reader.h"
#include "random_graph_fixture.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> news{0};

void* Allocate(std::size_t n, std::size_t align) {
  if (counting.load(std::memory_order_relaxed)) news.fetch_add(1, std::memory_order_relaxed);
  void* p = align > alignof(std::max_align_t) ? std::aligned_alloc(align, (n + align - 1) / align * align)
                                              : std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t n) { return Allocate(n, 0); }
void* operator new[](std::size_t n) { return Allocate(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return Allocate(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return Allocate(n, static_cast<std::size_t>(a)); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace vgae {
namespace {

struct AllocCase {
  bool variational;
  dist::ReconWeighting weighting;
  const char* name;
  bool tiled = false;  // negatives in tile order (the path of tables past the caches)
};

class EpochAllocations : public ::testing::TestWithParam<AllocCase> {};

TEST_P(EpochAllocations, NoneAfterTheFirstEpochs) {
  const auto tc = GetParam();
  const auto world = dist::Comm::World();
  // Large enough for several row chunks (the KL and pair-loss partial sums are per chunk).
  const auto path = testing::MakeRandomGraphFile({.nodes = 3000, .edges = 9000, .features = 40},
                                                 std::string("alloc_") + tc.name);
  dist::TrainConfig config;
  config.variational = tc.variational;
  config.weighting = tc.weighting;
  config.epochs = 12;
  if (tc.tiled) {
    config.pair_tiling.above_table_bytes = 0;
    config.pair_tiling.tile_side_bytes = 64 * 256;  // 256-row tiles of 16 floats
  }
  io::GraphReader reader(path, world.raw());
  dist::Trainer trainer(world, reader, config);
  for (int epoch = 1; epoch <= 2; ++epoch) trainer.Step(epoch);
  news = 0;
  counting = true;
  for (int epoch = 3; epoch <= config.epochs; ++epoch) trainer.Step(epoch);
  counting = false;
  EXPECT_EQ(news.load(), 0) << "operator new calls in epochs 3-" << config.epochs << " on rank " << world.rank();
}

INSTANTIATE_TEST_SUITE_P(Models, EpochAllocations,
                         ::testing::Values(AllocCase{true, dist::ReconWeighting::kTkipf, "VgaeTkipf"},
                                           AllocCase{false, dist::ReconWeighting::kMeans, "GaeMeans"},
                                           AllocCase{true, dist::ReconWeighting::kTkipf, "VgaeTkipfTiled", true}),
                         [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace vgae
