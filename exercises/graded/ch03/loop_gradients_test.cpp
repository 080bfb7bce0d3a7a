// Graded: ch03.loop_gradients. A two-sample example computed by hand, and agreement with the
// vectorized formulas on random data (rel <= 1e-10 in double), and the shape check.
#include <cmath>

#include "exercises/ch03.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, LoopGradientsHandComputed) {
    // w = 0, b = 0: every z = 0, a = 0.5, L = log 2; dz = 0.5 − y.
    MatrixD X(2, 2), Y(1, 2);
    X << 1, 2,
         3, 4;
    Y << 1, 0;
    const LogisticStep s = loop_gradients(Eigen::VectorXd::Zero(2), 0.0, X, Y);
    EXPECT_NEAR(s.J, std::log(2.0), 1e-12) << graded::scale_hint({s.J}, {std::log(2.0)}, 2);
    ASSERT_EQ(s.dw.size(), 2) << GRADED_HINT("dw has one value per feature: n x 1");
    const std::string hint = graded::scale_hint({s.dw(0), s.dw(1)}, {0.25, 0.25}, 2);
    EXPECT_NEAR(s.dw(0), 0.25, 1e-12) << hint;
    EXPECT_NEAR(s.dw(1), 0.25, 1e-12) << hint;
    EXPECT_NEAR(s.db, 0.0, 1e-12);
    // b = 1: z = 1, a = σ(1) = 0.7310586; dz = (−0.2689414, 0.7310586).
    const LogisticStep t = loop_gradients(Eigen::VectorXd::Zero(2), 1.0, X, Y);
    const double a = 1.0 / (1.0 + std::exp(-1.0));
    EXPECT_NEAR(t.db, (2 * a - 1) / 2, 1e-12)
        << GRADED_HINT("dz = a − y for each sample; db is their mean");
    EXPECT_NEAR(t.dw(0), ((a - 1) + 2 * a) / 2, 1e-12);
    EXPECT_NEAR(t.J, (std::log1p(std::exp(-1.0)) + std::log1p(std::exp(1.0))) / 2, 1e-12);
}

TEST(Graded, LoopGradientsMatchVectorizedFormulas) {
    Rng rng(7);
    const int n = 4, m = 9;
    MatrixD X(n, m), Y(1, m);
    for (int j = 0; j < m; ++j) {
        for (int k = 0; k < n; ++k) X(k, j) = rng.normal();
        Y(0, j) = rng.bernoulli(0.5) ? 1 : 0;
    }
    Eigen::VectorXd w(n);
    for (int k = 0; k < n; ++k) w(k) = rng.normal();
    const double b = 0.3;
    const LogisticStep s = loop_gradients(w, b, X, Y);
    const Eigen::RowVectorXd Z = (w.transpose() * X).array() + b;
    const Eigen::RowVectorXd A = Z.unaryExpr([](double z) { return 1.0 / (1.0 + std::exp(-z)); });
    const Eigen::RowVectorXd dZ = A - Y.row(0);
    const Eigen::VectorXd dw = X * dZ.transpose() / m;
    ASSERT_EQ(s.dw.size(), n);
    EXPECT_LE((s.dw - dw).norm() / dw.norm(), 1e-10)
        << "dw is\n" << s.dw << "\nthe vectorized formula gives\n" << dw << "\n"
        << GRADED_HINT("the inner loop runs over the n features k: dw(k) += X(k, i)·dz");
    EXPECT_NEAR(s.db, dZ.sum() / m, 1e-12);
}

TEST(Graded, LoopGradientsRejectsMismatchedShapes) {
    const MatrixD X = MatrixD::Zero(2, 4), Y = MatrixD::Zero(1, 4);
    GRADED_EXPECT_INPUT_ERROR(loop_gradients(Eigen::VectorXd::Zero(3), 0.0, X, Y),
                              "w of 3 values and X of 2 features");
    GRADED_EXPECT_INPUT_ERROR(loop_gradients(Eigen::VectorXd::Zero(2), 0.0, X, MatrixD::Zero(1, 3)),
                              "X with 4 samples and Y with 3");
}
