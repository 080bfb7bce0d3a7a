/// @file dtype.hpp
/// @brief Element types a dl::Tensor can hold.
///
/// float32 is what the course trains in. float64 exists for gradient checking on the CPU (the
/// lecture's two-sided differences need double precision). float16 and bfloat16 are storage
/// types for the mixed-precision chapter.
#pragma once

#include <cstddef>
#include <string>

#include "error.hpp"

namespace dl {

enum class DType { F32, F64, F16, BF16 };

inline std::size_t dtype_size(DType t) {
    switch (t) {
        case DType::F32: return 4;
        case DType::F64: return 8;
        case DType::F16: return 2;
        case DType::BF16: return 2;
    }
    return 0;
}

inline const char* dtype_name(DType t) {
    switch (t) {
        case DType::F32: return "float32";
        case DType::F64: return "float64";
        case DType::F16: return "float16";
        case DType::BF16: return "bfloat16";
    }
    return "?";
}

/// True for the 16-bit storage types of mixed precision (float16, bfloat16).
inline bool is_half(DType t) { return t == DType::F16 || t == DType::BF16; }

/// The DType of a C++ element type: dtype_of<float>() == DType::F32.
template <class T> constexpr DType dtype_of();
template <> constexpr DType dtype_of<float>() { return DType::F32; }
template <> constexpr DType dtype_of<double>() { return DType::F64; }

}  // namespace dl
