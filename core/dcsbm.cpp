// DC-SBM generator. Layout space: community c holds positions [start(c), start(c) + n_c); node id =
// Permute(layout index). θ of position p is n_c times the mass of [p, p + 1) under the density ∝ (x + 1)^(-α),
// α = 1/(γ-1), so sampling a position by the inverse CDF picks node v with probability θ_v / n_c exactly.
#include "core/dcsbm.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/rng.h"

namespace vgae::core {
namespace {

// splitmix64's finaliser: the round function of the Feistel permutation (a keyed bijection, not a stream).
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
constexpr int kFeistelRounds = 4;

}  // namespace

Dcsbm::Dcsbm(const DcsbmParams& p) : p_(p) {
  if (p.nodes < 2) throw ConfigError(detail::Concat("gen --nodes is ", p.nodes, ", expected at least 2"));
  if (p.communities < 1 || p.communities > p.nodes)
    throw ConfigError(detail::Concat("gen --communities is ", p.communities, ", expected 1..nodes (", p.nodes, ")"));
  if (!(p.avg_degree > 0 && p.avg_degree < static_cast<double>(p.nodes - 1)))
    throw ConfigError(detail::Concat("gen --avg-degree is ", p.avg_degree, ", expected in (0, nodes - 1)"));
  if (!(p.mixing >= 0 && p.mixing <= 1)) throw ConfigError(detail::Concat("gen --mixing is ", p.mixing, ", expected in [0, 1]"));
  if (!(p.exponent > 2 && p.exponent < 100))
    throw ConfigError(detail::Concat("gen --exponent is ", p.exponent, ", expected in (2, 100)"));
  if (p.feature_dim < 0 || p.feature_dim > (1 << 20))
    throw ConfigError(detail::Concat("gen --feature-dim is ", p.feature_dim, ", expected 0..2^20"));
  beta_ = 1.0 - 1.0 / (p.exponent - 1.0);
  while ((std::uint64_t{1} << (2 * half_bits_)) < static_cast<std::uint64_t>(p.nodes)) ++half_bits_;
  centroids_.resize(static_cast<std::size_t>(p.communities * p.feature_dim));
  for (std::int32_t c = 0; c < p.communities; ++c) {
    const auto row = std::span<float>(centroids_).subspan(static_cast<std::size_t>(c * p.feature_dim),
                                                          static_cast<std::size_t>(p.feature_dim));
    StandardNormals(p.seed, Stream::kGenCentroid, static_cast<std::uint64_t>(c), 0, row);
    for (auto& v : row) v *= static_cast<float>(p.signal);
  }
}

std::int64_t Dcsbm::CommunitySize(std::int32_t c) const {
  return p_.nodes / p_.communities + (c < p_.nodes % p_.communities ? 1 : 0);
}
std::int64_t Dcsbm::CommunityStart(std::int32_t c) const {
  return c * (p_.nodes / p_.communities) + std::min<std::int64_t>(c, p_.nodes % p_.communities);
}

// A balanced Feistel network on 2·half_bits bits, cycle-walked into [0, nodes): a bijection of [0, nodes)
// whose inverse runs the rounds backwards (each walk step stays a bijection of the larger domain).
std::uint64_t Dcsbm::Permute(std::uint64_t x, bool inverse) const {
  const std::uint64_t mask = (std::uint64_t{1} << half_bits_) - 1;
  do {
    std::uint64_t hi = x >> half_bits_, lo = x & mask;
    for (int i = 0; i < kFeistelRounds; ++i) {
      const int round = inverse ? kFeistelRounds - 1 - i : i;
      const std::uint64_t key = p_.seed * 0x100000001B3ull + static_cast<std::uint64_t>(round);
      if (!inverse) {
        const std::uint64_t next = hi ^ (Mix(lo ^ Mix(key)) & mask);
        hi = lo;
        lo = next;
      } else {
        const std::uint64_t prev = lo ^ (Mix(hi ^ Mix(key)) & mask);
        lo = hi;
        hi = prev;
      }
    }
    x = (hi << half_bits_) | lo;
  } while (x >= static_cast<std::uint64_t>(p_.nodes));
  return x;
}

Dcsbm::Place Dcsbm::PlaceOf(GlobalId u) const {
  const auto layout = static_cast<std::int64_t>(Permute(static_cast<std::uint64_t>(u), true));
  const std::int64_t base = p_.nodes / p_.communities, big = p_.nodes % p_.communities;
  // The first `big` communities hold base + 1 nodes.
  const std::int64_t c = layout < big * (base + 1) ? layout / (base + 1) : big + (layout - big * (base + 1)) / base;
  const auto community = static_cast<std::int32_t>(c);
  return {community, layout - CommunityStart(community)};
}

GlobalId Dcsbm::NodeAt(std::int32_t community, std::int64_t position) const {
  return static_cast<GlobalId>(Permute(static_cast<std::uint64_t>(CommunityStart(community) + position), false));
}

double Dcsbm::Cdf(std::int64_t n, double x) const {
  return (std::pow(x + 1.0, beta_) - 1.0) / (std::pow(static_cast<double>(n) + 1.0, beta_) - 1.0);
}

std::int64_t Dcsbm::SamplePosition(std::int64_t n, double uniform) const {
  const double top = std::pow(static_cast<double>(n) + 1.0, beta_) - 1.0;
  const double x = std::pow(1.0 + uniform * top, 1.0 / beta_) - 1.0;
  return std::clamp<std::int64_t>(static_cast<std::int64_t>(x), 0, n - 1);
}

std::int32_t Dcsbm::Community(GlobalId u) const { return PlaceOf(u).community; }

double Dcsbm::Theta(GlobalId u) const {
  const auto place = PlaceOf(u);
  const auto n = CommunitySize(place.community);
  const auto x = static_cast<double>(place.position);
  return static_cast<double>(n) * (Cdf(n, x + 1.0) - Cdf(n, x));
}

std::int64_t Dcsbm::DrawCount(GlobalId u, const Place& place) const {
  const auto n = CommunitySize(place.community);
  const auto x = static_cast<double>(place.position);
  const double expected = static_cast<double>(n) * (Cdf(n, x + 1.0) - Cdf(n, x)) * p_.avg_degree / 2.0;
  const auto round = Philox(p_.seed, Stream::kGenEdges, static_cast<std::uint64_t>(u), 0);
  return static_cast<std::int64_t>(expected + UniformDouble(round[0], round[1]));  // stochastic rounding
}

void Dcsbm::DrawEdges(GlobalId u, std::vector<GlobalId>& targets) const {
  const auto place = PlaceOf(u);
  const auto count = DrawCount(u, place);
  const auto others = static_cast<std::uint32_t>(p_.communities - 1);
  for (std::int64_t k = 0; k < count; ++k) {
    const auto w = Philox(p_.seed, Stream::kGenEdges, static_cast<std::uint64_t>(u), static_cast<std::uint64_t>(k + 1));
    std::int32_t c = place.community;
    if (others > 0 && UniformFloat(w[0]) < p_.mixing) {
      // One of the other communities, uniformly: skip over the node's own.
      const auto pick = static_cast<std::int32_t>(UniformBelow(w[1], w[0], others));
      c = pick < place.community ? pick : pick + 1;
    }
    const auto v = NodeAt(c, SamplePosition(CommunitySize(c), UniformDouble(w[2], w[3])));
    if (v != u) targets.push_back(v);
  }
}

void Dcsbm::Features(GlobalId u, std::span<float> out) const {
  VGAE_CHECK(static_cast<std::int64_t>(out.size()) == p_.feature_dim);
  const auto centroid = std::span<const float>(centroids_).subspan(
      static_cast<std::size_t>(Community(u) * p_.feature_dim), static_cast<std::size_t>(p_.feature_dim));
  StandardNormals(p_.seed, Stream::kGenFeature, static_cast<std::uint64_t>(u), 0, out);
  for (std::size_t k = 0; k < out.size(); ++k) out[k] += centroid[k];
}

Csr<GlobalId> Dcsbm::DrawBlock(GlobalId begin, GlobalId end) const {
  Csr<GlobalId> out;
  out.rows = end - begin;
  out.cols = p_.nodes;
  out.indptr.reserve(static_cast<std::size_t>(out.rows) + 1);
  std::int64_t draws = 0;  // an upper bound (self-loops are dropped): reserve once, never reallocate
  for (GlobalId u = begin; u < end; ++u) draws += DrawCount(u, PlaceOf(u));
  out.indices.reserve(static_cast<std::size_t>(draws));
  for (GlobalId u = begin; u < end; ++u) {
    DrawEdges(u, out.indices);
    out.indptr.push_back(static_cast<std::int64_t>(out.indices.size()));
  }
  return out;
}

std::vector<GlobalId> ReversedByOwner(GlobalId row_begin, const Csr<GlobalId>& out, std::span<const GlobalId> vtxdist,
                                      std::vector<int>& counts) {
  const auto parts = vtxdist.size() - 1;
  const auto owner = [&](GlobalId v) {
    return static_cast<std::size_t>(std::upper_bound(vtxdist.begin(), vtxdist.end(), v) - vtxdist.begin() - 1);
  };
  std::vector<std::int64_t> fill(parts + 1, 0);
  for (auto v : out.indices) fill[owner(v) + 1] += 2;
  counts.assign(parts, 0);
  for (std::size_t p = 0; p < parts; ++p) {
    if (fill[p + 1] > std::numeric_limits<int>::max())
      throw InternalError(detail::Concat("gen: ", fill[p + 1] / 2, " edges for one rank exceed MPI's int count"));
    counts[p] = static_cast<int>(fill[p + 1]);
    fill[p + 1] += fill[p];
  }
  std::vector<GlobalId> pairs(static_cast<std::size_t>(fill[parts]));
  for (std::int64_t i = 0; i < out.rows; ++i)
    for (auto k = out.indptr[i]; k < out.indptr[i + 1]; ++k) {
      const auto v = out.indices[k];
      auto& at = fill[owner(v)];
      pairs[at++] = v;
      pairs[at++] = row_begin + i;
    }
  return pairs;
}

Csr<GlobalId> AssembleRows(std::int64_t num_nodes, GlobalId row_begin, const Csr<GlobalId>& out,
                           std::span<const GlobalId> reversed) {
  Csr<GlobalId> g;
  g.rows = out.rows;
  g.cols = num_nodes;
  g.indptr.assign(static_cast<std::size_t>(g.rows) + 1, 0);
  for (std::int64_t i = 0; i < g.rows; ++i) g.indptr[i + 1] = out.indptr[i + 1] - out.indptr[i];
  for (std::size_t k = 0; k < reversed.size(); k += 2) {
    const auto row = reversed[k] - row_begin;
    VGAE_CHECK(row >= 0 && row < g.rows);
    ++g.indptr[row + 1];
  }
  for (std::int64_t i = 0; i < g.rows; ++i) g.indptr[i + 1] += g.indptr[i];
  g.indices.resize(static_cast<std::size_t>(g.indptr.back()));
  std::vector<std::int64_t> fill(g.indptr.begin(), g.indptr.end() - 1);
  for (std::int64_t i = 0; i < g.rows; ++i)
    for (auto k = out.indptr[i]; k < out.indptr[i + 1]; ++k) g.indices[fill[i]++] = out.indices[k];
  for (std::size_t k = 0; k < reversed.size(); k += 2) g.indices[fill[reversed[k] - row_begin]++] = reversed[k + 1];
  // Sort each row, drop repeats and self-loops, and compact in place.
  std::int64_t write = 0;
  for (std::int64_t i = 0; i < g.rows; ++i) {
    const auto first = g.indices.begin() + g.indptr[i], last = g.indices.begin() + g.indptr[i + 1];
    std::sort(first, last);
    const auto start = write;
    GlobalId prev = -1;
    for (auto it = first; it != last; ++it)
      if (*it != prev && *it != row_begin + i) g.indices[static_cast<std::size_t>(write++)] = prev = *it;
    g.indptr[i] = start;
  }
  // indptr[i] now holds row i's new start; shift to the CSR form (rows + 1 entries, last = total).
  g.indptr[static_cast<std::size_t>(g.rows)] = write;
  g.indices.resize(static_cast<std::size_t>(write));
  return g;
}

}  // namespace vgae::core
