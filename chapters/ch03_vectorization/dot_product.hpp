/// @file dot_product.hpp
/// @brief The lecture's experiment: c = Σ a_i b_i over 1,000,000 elements, as an explicit
/// loop, vectorized (Eigen, through the dl::dot kernel) and on the GPU when there is one.
#pragma once

#include "core/tensor.hpp"

namespace ch03 {

/// The explicit loop, one multiply-add after another, in float (the order of the lecture's
/// Python loop).
float dot_loop(const float* a, const float* b, int64_t n);

struct DotTimes {
    int64_t n = 0;
    double loop_ms = 0, vectorized_ms = 0, gpu_ms = -1;  ///< gpu_ms < 0: no GPU
    double loop_value = 0, vectorized_value = 0, gpu_value = 0, exact = 0;  ///< exact: in double
};

/// Times the three versions on a, b drawn U[0, 1) with `seed` (the GPU one only when
/// `use_gpu`); the GPU time excludes the copy of a and b to the device.
DotTimes time_dot(int64_t n, uint64_t seed, bool use_gpu);

}  // namespace ch03
