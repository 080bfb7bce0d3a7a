// Graded: ch05.dropout_backward. The header's example, then a gradient check through a fixed
// mask: for J = Σ G ⊙ dropout(A), ∂J/∂A must be dropout_backward(G).
#include <cmath>

#include "core/rng.hpp"
#include "exercises/ch05.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, DropoutBackwardHeaderExample) {
    MatrixD dA(1, 3), D(1, 3);
    dA << 1, 1, 1;
    D << 1, 0, 1;
    const MatrixD g = dropout_backward(dA, D, 0.5);
    EXPECT_EQ(g(0, 0), 2.0);
    EXPECT_EQ(g(0, 1), 0.0);
    EXPECT_EQ(g(0, 2), 2.0);
}

TEST(Graded, DropoutBackwardMatchesTwoSidedDifferences) {
    // The forward pass written here (not the exercise): A_drop = A ⊙ D / p.
    Rng rng(3);
    const double p = 0.7;
    MatrixD A(4, 6), D(4, 6), G(4, 6);
    for (int i = 0; i < 24; ++i) {
        A.data()[i] = rng.normal();
        D.data()[i] = rng.uniform() < p ? 1.0 : 0.0;
        G.data()[i] = rng.normal();
    }
    auto J = [&](const MatrixD& a) { return (G.array() * a.array() * D.array() / p).sum(); };
    const MatrixD grad = dropout_backward(G, D, p);
    double diff2 = 0, a2 = 0, e2 = 0;
    const double eps = 1e-6;
    for (int i = 0; i < 24; ++i) {
        MatrixD ap = A, am = A;
        ap.data()[i] += eps;
        am.data()[i] -= eps;
        const double approx = (J(ap) - J(am)) / (2 * eps);
        diff2 += (approx - grad.data()[i]) * (approx - grad.data()[i]);
        a2 += approx * approx;
        e2 += grad.data()[i] * grad.data()[i];
    }
    EXPECT_LE(std::sqrt(diff2) / (std::sqrt(a2) + std::sqrt(e2)), 1e-7);
    MatrixD wrong = MatrixD::Zero(3, 6);
    GRADED_EXPECT_INPUT_ERROR(dropout_backward(wrong, D, p), "dA_drop and D of different shapes");
}
