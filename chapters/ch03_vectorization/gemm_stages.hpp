/// @file gemm_stages.hpp
/// @brief The matrix product C = A·B (n x n, float, column-major) in four stages:
///
/// | stage     | loops                               | why it is faster than the previous      |
/// |-----------|-------------------------------------|-----------------------------------------|
/// | naive     | i, j, k: C(i,j) += A(i,k)·B(k,j)    | (the textbook formula)                  |
/// | reordered | j, k, i: C(:,j) += A(:,k)·B(k,j)    | the inner loop walks down columns:      |
/// |           |                                     | contiguous memory, SIMD-friendly        |
/// | blocked   | the reordered loops on tiles        | a tile of A stays in cache while reused |
/// | eigen     | Eigen's GEMM (packing, register     | the library: the machine's practical    |
/// |           | blocking, AVX, threads)             | peak, taken as 100 %                    |
///
/// In column-major storage A(i,k) is at A[k·n + i]: in the naive order the inner k loop jumps
/// n floats at every step through A, so nearly every load misses the cache. Every stage runs
/// on one core (Eigen too), so the comparison is loop order and blocking, not threads.
#pragma once

#include <string>
#include <vector>

namespace ch03 {

enum class GemmStage { Naive, Reordered, Blocked, Eigen };
const char* gemm_stage_name(GemmStage s);

/// C = A·B for n x n column-major matrices, by the given stage (C is overwritten).
void gemm(GemmStage s, const float* A, const float* B, float* C, int n);

struct GemmResult {
    std::vector<int> sizes;
    std::vector<std::vector<double>> gflops;  ///< [stage][size index]; < 0 when skipped
    double peak = 0;                          ///< the best Eigen GFLOP/s measured
    double max_rel_error = 0;                 ///< of every stage against Eigen, all sizes
};

/// Times every stage at every size (2n³ flops per product). The naive stage is skipped above
/// `naive_limit` (it would take too long).
GemmResult time_gemm(const std::vector<int>& sizes, int naive_limit, uint64_t seed, bool progress);

}  // namespace ch03
