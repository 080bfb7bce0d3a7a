// Graded on a GPU: ch09.matmul_naive. C = A·B against a double-precision product on the CPU,
// at odd sizes (grids that overhang the matrix), with C poisoned (NaN) so that an element never
// written fails. Bound: |got − want| ≤ γ_K·Σ_k |A(i,k)·B(k,j)| + 2^-126 (tests/tolerances.hpp).
#include "exercises/ch09.hpp"
#include "matmul_check.hpp"
#include "test_util.hpp"

TEST(GradedCuda, MatmulNaiveOddSizes) {
    DL_REQUIRE_CUDA();
    for (auto [M, N, K] : dl::test::matmul_exercise_sizes())
        EXPECT_TRUE(dl::test::check_cuda_matmul(dl::exercises::matmul_naive, M, N, K)) << M << " x " << N << " x " << K;
}
