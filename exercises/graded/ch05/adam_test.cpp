// Graded: ch05.adam. The header's example (the first step is ±α whatever the gradient's size),
// a second step by hand, the bias correction's role, and bad input.
#include <cmath>

#include "exercises/ch05.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, AdamHeaderExample) {
    MatrixD W = MatrixD::Constant(1, 1, 1.0), V = MatrixD::Zero(1, 1), S = MatrixD::Zero(1, 1);
    const MatrixD dW = MatrixD::Constant(1, 1, 2.0);
    adam_update(W, dW, V, S, 1, 0.1, 0.9, 0.999, 1e-8);
    EXPECT_NEAR(V(0, 0), 0.2, 1e-15);
    EXPECT_NEAR(S(0, 0), 0.004, 1e-15);
    EXPECT_NEAR(W(0, 0), 1 - 0.1 * 2 / (2 + 1e-8), 1e-15);
    // Step 2, same gradient: V = 0.38, S = 0.007996, V̂ = 0.38/0.19 = 2, Ŝ = 0.007996/0.001999 = 4:
    // another step of 0.1·2/(2 + ε).
    adam_update(W, dW, V, S, 2, 0.1, 0.9, 0.999, 1e-8);
    EXPECT_NEAR(V(0, 0), 0.38, 1e-15);
    EXPECT_NEAR(S(0, 0), 0.007996, 1e-15);
    EXPECT_NEAR(W(0, 0), 1 - 2 * 0.1 * 2 / (2 + 1e-8), 1e-12);
}

TEST(Graded, AdamFirstStepIsAlphaForAnyGradientSize) {
    // Bias-corrected, the first step is α·g/|g| = ±α for gradients of any size; without the
    // correction it would be α·0.1·g/(√0.001·|g|) ≈ 3.16·α.
    MatrixD W = MatrixD::Zero(3, 1), V = MatrixD::Zero(3, 1), S = MatrixD::Zero(3, 1);
    MatrixD g(3, 1);
    g << 1e-4, -3.0, 500.0;
    adam_update(W, g, V, S, 1, 0.01, 0.9, 0.999, 1e-12);
    EXPECT_NEAR(W(0, 0), -0.01, 1e-9);
    EXPECT_NEAR(W(1, 0), 0.01, 1e-12);
    EXPECT_NEAR(W(2, 0), -0.01, 1e-12);
    MatrixD bad = MatrixD::Zero(2, 1);
    GRADED_EXPECT_INPUT_ERROR(adam_update(W, g, V, bad, 2, 0.01, 0.9, 0.999, 1e-8),
                              "S of another shape");
    GRADED_EXPECT_INPUT_ERROR(adam_update(W, g, V, S, 0, 0.01, 0.9, 0.999, 1e-8),
                              "t = 0 (steps count from 1)");
}
