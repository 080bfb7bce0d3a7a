/// @file half_cpu.hpp
/// @brief Reading and writing float16/bfloat16 tensors on the CPU as float32 (the CPU twins of
/// the mixed-precision kernels emulate 16-bit storage: load, widen, compute in float32, round).
#pragma once

#include <cstdint>

#include "../core/half.hpp"
#include "../core/tensor.hpp"

namespace dl::cpu {

/// Element i of a float32, float16 or bfloat16 CPU tensor, as a float.
inline float load_float(const Tensor& t, int64_t i) {
    switch (t.dtype()) {
        case DType::F16: return half_bits_to_float(static_cast<const uint16_t*>(t.raw())[i]);
        case DType::BF16: return bfloat16_bits_to_float(static_cast<const uint16_t*>(t.raw())[i]);
        case DType::F64: return static_cast<float>(static_cast<const double*>(t.raw())[i]);
        default: return static_cast<const float*>(t.raw())[i];
    }
}

/// Writes v into element i, rounded to the tensor's format (nearest, ties to even).
inline void store_float(Tensor& t, int64_t i, float v) {
    switch (t.dtype()) {
        case DType::F16: static_cast<uint16_t*>(t.raw())[i] = float_to_half_bits(v); break;
        case DType::BF16: static_cast<uint16_t*>(t.raw())[i] = float_to_bfloat16_bits(v); break;
        case DType::F64: static_cast<double*>(t.raw())[i] = v; break;
        default: static_cast<float*>(t.raw())[i] = v;
    }
}

/// A float32 copy of t (same shape).
inline Tensor widen(const Tensor& t) {
    Tensor w(t.shape(), DType::F32, Device::CPU);
    float* p = w.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) p[i] = load_float(t, i);
    return w;
}

/// t ← w, each element rounded to t's format.
inline void narrow(const Tensor& w, Tensor& t) {
    const float* p = w.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) store_float(t, i, p[i]);
}

}  // namespace dl::cpu
