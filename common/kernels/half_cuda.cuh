/// @file half_cuda.cuh
/// @brief Loading and storing float32, float16 and bfloat16 elements as float on the GPU, for
/// the mixed-precision kernels (cast, unscale_check, the *_half twins).
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "../core/tensor.hpp"

namespace dl::cuda {

__device__ __forceinline__ float to_float(float v) { return v; }
__device__ __forceinline__ float to_float(__half v) { return __half2float(v); }
__device__ __forceinline__ float to_float(__nv_bfloat16 v) { return __bfloat162float(v); }

/// Rounds to nearest (ties to even); beyond the format's range: ±inf.
template <class T> __device__ __forceinline__ T from_float(float v);
template <> __device__ __forceinline__ float from_float<float>(float v) { return v; }
template <> __device__ __forceinline__ __half from_float<__half>(float v) { return __float2half_rn(v); }
template <> __device__ __forceinline__ __nv_bfloat16 from_float<__nv_bfloat16>(float v) {
    return __float2bfloat16_rn(v);
}

/// Calls f(T{}) with T the C++ type of a float32, float16 or bfloat16 tensor.
template <class F>
void with_type(DType t, F&& f) {
    switch (t) {
        case DType::F16: f(__half{}); break;
        case DType::BF16: f(__nv_bfloat16{}); break;
        case DType::F32: f(float{}); break;
        default: fail("expected float32, float16 or bfloat16, got ", dtype_name(t));
    }
}

}  // namespace dl::cuda
