// Dense products of node-row matrices with small weight matrices (hidden/latent widths), threaded over fixed
// blocks of rows so the result is the same for any thread count (core/parallel.h):
//   RowsTimes:      out = in · w        (n × k)(k × d): each output row by one thread, k summed in order
//                   (RowsTimesWherePositive: the same, masked by a ReLU's output)
//   TransposeTimes: out = aᵀ · b        (n × k)ᵀ(n × d): per-block partial sums over kBlockRows rows, then the
//                                        partials added in block order — a fixed-order reduction over n
#pragma once

#include <vector>

#include "core/memory.h"
#include "core/types.h"

namespace vgae::core {

void RowsTimes(ConstMatRef in, ConstMatRef w, MatRef out);
// out = in · w where gate > 0 and 0 elsewhere, element by element (ReLU's backward, gate its output), in the same
// pass: the same bits as RowsTimes and then the mask, without a second pass over out.
void RowsTimesWherePositive(ConstMatRef in, ConstMatRef w, ConstMatRef gate, MatRef out);

// Reused partial sums of TransposeTimes (sized on first use; no allocation afterwards for the same shapes).
struct TransposeTimesWorkspace {
  AlignedVector<float> partials;
};
void TransposeTimes(ConstMatRef a, ConstMatRef b, MatRef out, TransposeTimesWorkspace& workspace);

}  // namespace vgae::core
