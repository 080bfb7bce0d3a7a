// Graded: ch05.momentum. The header's example, three steps by hand, and a run on a quadratic
// that must reach its minimum.
#include <cmath>

#include "exercises/ch05.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, MomentumHeaderExampleAndThreeSteps) {
    MatrixD W = MatrixD::Constant(1, 1, 1.0), V = MatrixD::Zero(1, 1), dW = MatrixD::Constant(1, 1, 2.0);
    momentum_update(W, dW, V, 0.1, 0.9);
    EXPECT_NEAR(V(0, 0), 0.2, 1e-15);
    EXPECT_NEAR(W(0, 0), 0.98, 1e-15);
    // Steps 2 and 3 with the same gradient: V = 0.38, W = 0.942; V = 0.542, W = 0.8878.
    momentum_update(W, dW, V, 0.1, 0.9);
    EXPECT_NEAR(V(0, 0), 0.38, 1e-15);
    EXPECT_NEAR(W(0, 0), 0.942, 1e-15);
    momentum_update(W, dW, V, 0.1, 0.9);
    EXPECT_NEAR(V(0, 0), 0.542, 1e-15);
    EXPECT_NEAR(W(0, 0), 0.8878, 1e-14);
    MatrixD bad = MatrixD::Zero(2, 1);
    GRADED_EXPECT_INPUT_ERROR(momentum_update(W, bad, V, 0.1, 0.9), "dW of another shape than W");
}

TEST(Graded, MomentumReachesTheMinimumOfAQuadratic) {
    // f = ½(w₁² + 50·w₂²), ∇f = (w₁, 50·w₂), from (−9, 1.5): 400 steps of α = 0.1, β = 0.9.
    MatrixD W(2, 1), V = MatrixD::Zero(2, 1);
    W << -9, 1.5;
    for (int t = 0; t < 400; ++t) {
        MatrixD g(2, 1);
        g << W(0, 0), 50 * W(1, 0);
        momentum_update(W, g, V, 0.1, 0.9);
    }
    EXPECT_LT(W.norm(), 1e-3);
}
