// A 16-float vector (one AVX-512 register; GCC splits it into narrower ones where AVX-512 is missing) for the
// fixed-width row kernels, with unaligned loads and stores: node rows need not be 64-byte aligned.
#pragma once

namespace vgae::core {

typedef float Vec16 __attribute__((vector_size(64)));

inline Vec16 LoadVec(const float* p) {
  Vec16 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

inline void StoreVec(float* p, Vec16 v) { __builtin_memcpy(p, &v, sizeof v); }

}  // namespace vgae::core
