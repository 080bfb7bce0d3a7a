/// @file cpu_gemm.hpp
/// @brief The GEMM lesson in small, on the CPU: the same product C = A·B (n x n, float32,
/// column-major) from textbook loops to Eigen, each stage validated against a double-precision
/// reference (output poisoned with NaN first) before it is timed.
///
/// | stage     | what changes                                                            |
/// |-----------|-------------------------------------------------------------------------|
/// | naive     | C(i,j) = Σ_k A(i,k)·B(k,j): the inner loop strides through A by n       |
/// | reordered | loops j, k, i: the inner loop walks down columns of A and C (SIMD)      |
/// | blocked   | the reordered loops on tiles that stay in the cache while reused        |
/// | eigen x1  | Eigen's GEMM on one core: packing, register blocking, AVX FMAs          |
/// | eigen xT  | the same on every core                                                  |
///
/// The GPU rungs repeat these ideas at a larger scale: coalescing is the loop order, shared
/// memory the cache tile, register blocking what Eigen's micro-kernel does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/json.hpp"

namespace ch09 {

struct CpuGemmRow {
    std::string stage;
    int n = 0;
    double gflops = 0;        ///< < 0: skipped (too slow at this size)
    double max_rel_error = 0;  ///< against the double-precision reference
};

/// Times every stage at every size (2n³ flops per product; best of a few runs). The naive stage
/// is skipped above naive_limit. Throws dl::Error if a stage disagrees with the reference.
std::vector<CpuGemmRow> cpu_gemm_ladder(const std::vector<int>& sizes, int naive_limit,
                                        int threads, uint64_t seed, bool progress);
std::string cpu_gemm_table(const std::vector<CpuGemmRow>& rows);
dl::Json to_json(const std::vector<CpuGemmRow>& rows);

/// The stages themselves (C is overwritten), for the tests.
void gemm_naive_cpu(const float* A, const float* B, float* C, int n);
void gemm_reordered_cpu(const float* A, const float* B, float* C, int n);
void gemm_blocked_cpu(const float* A, const float* B, float* C, int n);

}  // namespace ch09
