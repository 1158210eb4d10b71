// HaloFloatsPerStep (what partition --report multiplies by each rank's halo rows) must equal the floats the
// Encoder actually asks its RowExchange to fill per halo row in one Forward + Backward: a counting exchange
// records every Gather, for VGAE and GAE and two widths.
#include <gtest/gtest.h>

#include <vector>

#include "core/csr.h"
#include "core/encoder.h"

namespace vgae::core {
namespace {

// Records the floats each exchange fills in the halo rows [n_owned, rows) of the buffer.
class CountingExchange final : public RowExchange {
 public:
  explicit CountingExchange(std::int64_t n_owned) : n_owned_(n_owned) {}
  void Start(MatRef rows) override {
    halo_floats += (rows.rows() - n_owned_) * rows.cols();
    ++gathers;
  }
  void Finish(MatRef /*rows*/) override {}
  std::int64_t halo_floats = 0;
  int gathers = 0;

 private:
  std::int64_t n_owned_;
};

struct Case {
  int hidden, latent;
  bool variational;
};

TEST(HaloTraffic, FormulaMatchesTheEncodersGathers) {
  // Two owned rows and three halo columns: S = [[.5 0 .5 0 0], [0 .5 0 .25 .25]]; X is 2 x 3.
  Csr<LocalId> s;
  s.rows = 2;
  s.cols = 5;
  s.indptr = {0, 2, 5};
  s.indices = {0, 2, 1, 3, 4};
  s.values = {0.5f, 0.5f, 0.5f, 0.25f, 0.25f};
  Csr<std::int32_t> x;
  x.rows = 2;
  x.cols = 3;
  x.indptr = {0, 2, 3};
  x.indices = {0, 2, 1};
  const std::int64_t n_halo = s.cols - s.rows;
  for (const Case c : {Case{32, 16, true}, Case{32, 16, false}, Case{7, 3, true}, Case{5, 9, false}}) {
    const EncoderShape shape{x.cols, c.hidden, c.latent, c.variational};
    Parameters params(shape);
    GlorotInit(params, 1);
    CountingExchange exchange(s.rows);
    Encoder encoder(shape, s.View(), x.View(), exchange);
    RowMatrixXf eps = RowMatrixXf::Constant(s.rows, c.latent, 0.1f);
    encoder.Forward(params, eps);
    RowMatrixXf dz = RowMatrixXf::Constant(s.rows, c.latent, 1.0f);
    std::vector<float> grad(params.Flat().size());
    encoder.Backward(params, dz, 10, grad);
    EXPECT_EQ(exchange.gathers, 4);
    EXPECT_EQ(exchange.halo_floats, n_halo * HaloFloatsPerStep(shape))
        << "hidden " << c.hidden << " latent " << c.latent << " variational " << c.variational;
  }
  // By hand for the default VGAE: P0 and dH1 32 floats, P1 and dY 2 * 16 floats: 128 per halo row.
  EXPECT_EQ(HaloFloatsPerStep(EncoderShape{3, 32, 16, true}), 128);
  EXPECT_EQ(HaloFloatsPerStep(EncoderShape{3, 32, 16, false}), 96);
}

}  // namespace
}  // namespace vgae::core
