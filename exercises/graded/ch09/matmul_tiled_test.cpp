// Graded on a GPU: ch09.matmul_tiled. The same checks as matmul_naive: odd sizes (tiles that
// overhang the matrices, K not a multiple of 16), C poisoned with NaN, a double reference.
#include "exercises/ch09.hpp"
#include "matmul_check.hpp"
#include "test_util.hpp"

TEST(GradedCuda, MatmulTiledOddSizes) {
    DL_REQUIRE_CUDA();
    for (auto [M, N, K] : dl::test::matmul_exercise_sizes())
        EXPECT_TRUE(dl::test::check_cuda_matmul(dl::exercises::matmul_tiled, M, N, K)) << M << " x " << N << " x " << K;
}
