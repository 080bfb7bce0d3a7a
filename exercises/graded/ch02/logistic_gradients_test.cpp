// Graded: ch02.logistic_gradients. The example of the header, and a gradient check of
// J(w, b) against two-sided differences (double precision, relative error <= 1e-7).
#include <cmath>

#include "exercises/ch02.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

namespace {
double cost(const Eigen::VectorXd& w, double b, const MatrixD& X, const MatrixD& Y) {
    double J = 0;
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        const double z = w.dot(X.col(j)) + b;
        const double a = 1.0 / (1.0 + std::exp(-z));
        J -= Y(0, j) * std::log(a) + (1 - Y(0, j)) * std::log(1 - a);
    }
    return J / static_cast<double>(X.cols());
}
}  // namespace

TEST(Graded, LogisticGradientsHandComputed) {
    MatrixD X(2, 2), A(1, 2), Y(1, 2);
    X << 1, 2,
         3, 4;
    A << 0.5, 0.5;
    Y << 1, 0;
    const LogisticGradients g = logistic_gradients(X, A, Y);
    ASSERT_EQ(g.dw.size(), 2);
    EXPECT_NEAR(g.dw(0), 0.25, 1e-12);  // (1·(−0.5) + 2·0.5) / 2
    EXPECT_NEAR(g.dw(1), 0.25, 1e-12);  // (3·(−0.5) + 4·0.5) / 2
    EXPECT_NEAR(g.db, 0.0, 1e-12);
    A << 0.9, 0.2;  // dZ = (−0.1, 0.2): dw = ((−0.1 + 0.4)/2, (−0.3 + 0.8)/2), db = 0.05
    const LogisticGradients h = logistic_gradients(X, A, Y);
    EXPECT_NEAR(h.dw(0), 0.15, 1e-12);
    EXPECT_NEAR(h.dw(1), 0.25, 1e-12);
    EXPECT_NEAR(h.db, 0.05, 1e-12);
}

TEST(Graded, LogisticGradientsMatchTwoSidedDifferences) {
    const int n = 3, m = 5;
    MatrixD X(n, m), Y(1, m);
    X << 0.5, -1.2, 0.3, 2.0, -0.7,
         1.1, 0.4, -0.9, 0.2, 0.6,
         -0.3, 0.8, 1.5, -1.1, 0.05;
    Y << 1, 0, 1, 1, 0;
    Eigen::VectorXd w(n);
    w << 0.2, -0.4, 0.7;
    const double b = -0.1;
    MatrixD A(1, m);
    for (int j = 0; j < m; ++j) A(0, j) = 1.0 / (1.0 + std::exp(-(w.dot(X.col(j)) + b)));
    const LogisticGradients g = logistic_gradients(X, A, Y);
    const double eps = 1e-6;
    for (int k = 0; k <= n; ++k) {
        Eigen::VectorXd wp = w, wm = w;
        double bp = b, bm = b;
        if (k < n) {
            wp(k) += eps;
            wm(k) -= eps;
        } else {
            bp += eps;
            bm -= eps;
        }
        const double num = (cost(wp, bp, X, Y) - cost(wm, bm, X, Y)) / (2 * eps);
        const double ana = k < n ? g.dw(k) : g.db;
        EXPECT_LE(std::abs(num - ana) / (std::abs(num) + std::abs(ana)), 1e-7) << "parameter " << k;
    }
}

TEST(Graded, LogisticGradientsRejectMismatchedShapes) {
    MatrixD X = MatrixD::Zero(2, 3), A = MatrixD::Zero(1, 2), Y = MatrixD::Zero(1, 2);
    EXPECT_THROW(logistic_gradients(X, A, Y), Error);
}
