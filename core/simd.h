// A 16-float vector for the fixed-width row kernels, with unaligned loads and stores: node rows need not be
// 64-byte aligned. With AVX-512 it is one register. Without it, it is two 8-float halves: GCC's own lowering of a
// 64-byte vector type to narrower registers goes through memory and made the kernels ~12x slower (Cora epoch
// 1.0 -> 13 ms), while a pair of 32-byte vectors stays in ymm registers.
#pragma once

namespace vgae::core {

#ifdef __AVX512F__
typedef float Vec16 __attribute__((vector_size(64)));
#else
struct Vec16 {
  typedef float Half __attribute__((vector_size(32)));
  Half lo, hi;
  Vec16& operator+=(const Vec16& o) {
    lo += o.lo;
    hi += o.hi;
    return *this;
  }
  friend Vec16 operator+(Vec16 a, const Vec16& b) { return a += b; }
  friend Vec16 operator*(float s, const Vec16& a) { return {s * a.lo, s * a.hi}; }
};
#endif

// How many Vec16 accumulators a register-blocked kernel keeps, leaving the other half of the register file for its
// operands: 16 of AVX-512's 32 zmm registers, 4 Vec16 (8 of AVX2's 16 ymm registers). Eight ymm chains also cover
// two FMA pipes of 4 cycles' latency. Blocking tuned for 32 registers spills on 16: GCC then keeps accumulators
// on the stack and reloads them on every step (PubMed on a Zen 3, AVX2: see docs/PERFORMANCE.md).
#ifdef __AVX512F__
inline constexpr int kAccumulatorVecs = 16;
#else
inline constexpr int kAccumulatorVecs = 4;
#endif

// Rows of kVecs Vec16 each that the accumulators hold at once (at least one): a kernel's rows or bands per block.
template <int kVecs>
inline constexpr int kAccumulatorRows = kAccumulatorVecs / kVecs > 1 ? kAccumulatorVecs / kVecs : 1;

// Each register's bytes are copied on their own: a 64-byte copy of the two-half struct goes through the stack
// in 16-byte pieces and stalls every load on store forwarding.
inline Vec16 LoadVec(const float* p) {
  Vec16 v;
#ifdef __AVX512F__
  __builtin_memcpy(&v, p, sizeof v);
#else
  __builtin_memcpy(&v.lo, p, sizeof v.lo);
  __builtin_memcpy(&v.hi, p + 8, sizeof v.hi);
#endif
  return v;
}

inline void StoreVec(float* p, Vec16 v) {
#ifdef __AVX512F__
  __builtin_memcpy(p, &v, sizeof v);
#else
  __builtin_memcpy(p, &v.lo, sizeof v.lo);
  __builtin_memcpy(p + 8, &v.hi, sizeof v.hi);
#endif
}

// v lane by lane where gate > 0, 0 elsewhere (ReLU's backward: gate is the ReLU's output).
inline Vec16 WherePositive(Vec16 gate, Vec16 v) {
#ifdef __AVX512F__
  return gate > 0.0f ? v : 0.0f;
#else
  return {gate.lo > 0.0f ? v.lo : 0.0f, gate.hi > 0.0f ? v.hi : 0.0f};
#endif
}

// Lanes 0-7 lo, lanes 8-15 hi.
inline Vec16 SplatHalves(float lo, float hi) {
#ifdef __AVX512F__
  return Vec16{lo, lo, lo, lo, lo, lo, lo, lo, hi, hi, hi, hi, hi, hi, hi, hi};
#else
  return {Vec16::Half{lo, lo, lo, lo, lo, lo, lo, lo}, Vec16::Half{hi, hi, hi, hi, hi, hi, hi, hi}};
#endif
}

// min(v, cap) lane by lane, as std::min(v, cap) (NaN lanes stay NaN; a lane capped at +inf is left as it is).
inline Vec16 CapAt(Vec16 v, Vec16 cap) {
#ifdef __AVX512F__
  return cap < v ? cap : v;
#else
  return {cap.lo < v.lo ? cap.lo : v.lo, cap.hi < v.hi ? cap.hi : v.hi};
#endif
}

// max(v, 0) lane by lane (NaN lanes become 0).
inline Vec16 Relu(Vec16 v) { return WherePositive(v, v); }

}  // namespace vgae::core
