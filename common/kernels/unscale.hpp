/// @file unscale.hpp
/// @brief The loss scaler's kernel: master gradients G32 = G / S, and whether any element of G
/// is infinite or NaN.
///
/// After a backward pass on a loss multiplied by S (nn::LossScaler), the float16 gradients G
/// are S times too large. One pass over the flat gradient buffer
///
///     G32(i) = float(G(i)) · (1/S)          (float32 master gradients, for the optimizer)
///     found_inf ← 1 if any G(i) is ±inf or NaN (left as it is otherwise)
///
/// unscales them and tells the scaler whether this step must be skipped. found_inf is a
/// one-element float32 tensor the caller clears before the pass; on the GPU it stays on the
/// device until the host reads it (one 4-byte copy per step).
///
/// Twins: unscale_cpu.cpp, unscale_cuda.cu. Test: tests/kernels/test_mixed_precision.cpp.
///
/// Shapes: G and G32 have the same number of elements; found_inf is [1 x 1].
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void unscale_check(const Tensor& G, Tensor& G32, double inv_scale, Tensor& found_inf);
}
namespace cuda {
void unscale_check(const Tensor& G, Tensor& G32, double inv_scale, Tensor& found_inf);
}

/// G32 ← inv_scale · G (float32); found_inf ← 1 when any element of G is not finite.
inline void unscale_check(const Tensor& G, Tensor& G32, double inv_scale, Tensor& found_inf) {
    check_same_device("unscale_check", {&G, &G32, &found_inf});
    DL_CHECK(G.dtype() == DType::F32 || is_half(G.dtype()),
             "unscale_check: G must be float32, float16 or bfloat16, got ", describe(G));
    DL_CHECK(G32.dtype() == DType::F32, "unscale_check: G32 must be float32, got ", describe(G32));
    DL_CHECK(found_inf.dtype() == DType::F32 && found_inf.numel() == 1,
             "unscale_check: found_inf must be one float32, got ", describe(found_inf));
    DL_CHECK(G.numel() == G32.numel(), "unscale_check: G ", G.shape().str(), " and G32 ",
             G32.shape().str(), " must have the same number of elements");
    DL_DISPATCH(G.device(), unscale_check, G, G32, inv_scale, found_inf);
}

}  // namespace dl
