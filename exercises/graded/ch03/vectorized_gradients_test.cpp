// Graded: ch03.vectorized_gradients. Hand-computed values, a gradient check of J(w, b) by
// two-sided differences (relative error <= 1e-7) and a finite cost at logits of ±1000.
#include <cmath>

#include "exercises/ch03.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, VectorizedGradientsHandComputed) {
    MatrixD X(2, 2), Y(1, 2);
    X << 1, 2,
         3, 4;
    Y << 1, 0;
    const LogisticStep s = vectorized_gradients(Eigen::VectorXd::Zero(2), 0.0, X, Y);
    EXPECT_NEAR(s.J, std::log(2.0), 1e-12) << graded::scale_hint({s.J}, {std::log(2.0)}, 2);
    ASSERT_EQ(s.dw.size(), 2)
        << GRADED_HINT("dw is n x 1: (1/m)·X·dZᵀ, not dZ·Xᵀ");
    const std::string hint = graded::scale_hint({s.dw(0), s.dw(1)}, {0.25, 0.25}, 2);
    EXPECT_NEAR(s.dw(0), 0.25, 1e-12) << hint;
    EXPECT_NEAR(s.dw(1), 0.25, 1e-12) << hint;
    EXPECT_NEAR(s.db, 0.0, 1e-12);
}

TEST(Graded, VectorizedGradientsGradientCheck) {
    Rng rng(21);
    const int n = 3, m = 7;
    MatrixD X(n, m), Y(1, m);
    for (int j = 0; j < m; ++j) {
        for (int k = 0; k < n; ++k) X(k, j) = rng.normal();
        Y(0, j) = j % 2;
    }
    Eigen::VectorXd w(n);
    w << 0.5, -0.25, 0.75;
    const double b = 0.1;
    const LogisticStep s = vectorized_gradients(w, b, X, Y);
    const double eps = 1e-6;
    for (int k = 0; k <= n; ++k) {
        Eigen::VectorXd wp = w, wm = w;
        double bp = b, bm = b;
        if (k < n) { wp(k) += eps; wm(k) -= eps; } else { bp += eps; bm -= eps; }
        const double num =
            (vectorized_gradients(wp, bp, X, Y).J - vectorized_gradients(wm, bm, X, Y).J) / (2 * eps);
        const double ana = k < n ? s.dw(k) : s.db;
        EXPECT_LE(std::abs(num - ana) / (std::abs(num) + std::abs(ana)), 1e-7)
            << (k < n ? "dw(" + std::to_string(k) + ")" : std::string("db")) << " is " << ana
            << ", the two-sided difference of J gives " << num << "\n"
            << GRADED_HINT("J, dw and db must come from the same Z = wᵀX + b");
    }
}

TEST(Graded, VectorizedGradientsFiniteAtExtremeLogits) {
    MatrixD X(1, 2), Y(1, 2);
    X << 1, -1;
    Y << 0, 1;
    Eigen::VectorXd w(1);
    w << 1000;  // z = (1000, −1000): both samples certainly wrong, L = 1000 each
    const LogisticStep s = vectorized_gradients(w, 0.0, X, Y);
    EXPECT_NEAR(s.J, 1000.0, 1e-9)
        << GRADED_HINT("inf or NaN? compute the loss from Z: softplus(Z) − Y⊙Z");
    EXPECT_NEAR(s.dw(0), 1.0, 1e-12);  // dZ = (1, −1): dw = (1·1 + (−1)·(−1)) / 2
    EXPECT_NEAR(s.db, 0.0, 1e-12);
}
