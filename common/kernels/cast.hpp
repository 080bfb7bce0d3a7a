/// @file cast.hpp
/// @brief Conversion between float32, float16 and bfloat16, with a scale: Y = round(s · X).
///
/// Mixed-precision training (chapter 9) moves numbers between formats at four places, all
/// with this one kernel:
///
/// | use                                        | X        | Y        | s        |
/// |--------------------------------------------|----------|----------|----------|
/// | compute copy of the master weights         | float32  | fp16/bf16| 1        |
/// | a mini-batch into the model                | float32  | fp16/bf16| 1        |
/// | the model's logits into the float32 loss   | fp16/bf16| float32  | 1        |
/// | the scaled loss gradient into the backward | float32  | fp16/bf16| S (loss scale) |
///
/// s · x is formed in float32 and rounded once to Y's format, to nearest (ties to even), as the
/// GPU's __float2half_rn / __float2bfloat16_rn do; a value beyond the format's largest finite
/// number becomes ±inf (float16: |x| ≥ 65520), one below half its smallest subnormal becomes
/// ±0. The CPU twin rounds with core/half.hpp, bit for bit the same.
///
/// Twins: cast_cpu.cpp, cast_cuda.cu. Test: tests/kernels/test_mixed_precision.cpp.
///
/// Shapes: X and Y have the same number of elements (any ranks).
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu { void cast(const Tensor& X, Tensor& Y, double scale); }
namespace cuda { void cast(const Tensor& X, Tensor& Y, double scale); }

/// Y ← round_Y(scale · X) for X, Y in float32, float16 or bfloat16 (any pair).
inline void cast(const Tensor& X, Tensor& Y, double scale = 1.0) {
    check_same_device("cast", {&X, &Y});
    for (const Tensor* t : {&X, static_cast<const Tensor*>(&Y)})
        DL_CHECK(t->dtype() == DType::F32 || is_half(t->dtype()),
                 "cast: expected float32, float16 or bfloat16, got ", describe(*t));
    DL_CHECK(X.numel() == Y.numel(), "cast: X ", X.shape().str(), " and Y ", Y.shape().str(),
             " must have the same number of elements");
    DL_DISPATCH(Y.device(), cast, X, Y, scale);
}

}  // namespace dl
