// Graded: ch02.logistic_gradients. The example of the header, a gradient check of J(w, b)
// against two-sided differences (double precision, relative error <= 1e-7), and the shape checks.
#include <cmath>

#include "exercises/ch02.hpp"
#include "graded.hpp"
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
    A << 0.9, 0.2;
    Y << 1, 0;
    // dZ = (−0.1, 0.2): dw = ((−0.1 + 0.4)/2, (−0.3 + 0.8)/2) = (0.15, 0.25), db = 0.05
    const LogisticGradients g = logistic_gradients(X, A, Y);
    ASSERT_EQ(g.dw.size(), 2)
        << GRADED_HINT("dw has one value per feature (n x 1): X·dZᵀ, not dZ·Xᵀ");
    const std::string dw_hint = graded::scale_hint({g.dw(0), g.dw(1)}, {0.15, 0.25}, 2);
    EXPECT_NEAR(g.dw(0), 0.15, 1e-12) << dw_hint;
    EXPECT_NEAR(g.dw(1), 0.25, 1e-12) << dw_hint;
    EXPECT_NEAR(g.db, 0.05, 1e-12)
        << (std::abs(g.db + 0.05) < 1e-12 ? GRADED_HINT("the sign: dZ = A − Y, not Y − A")
                                          : graded::scale_hint({g.db}, {0.05}, 2));
    A << 0.5, 0.5;  // the header's example: dZ = (−0.5, 0.5), dw = (0.25, 0.25), db = 0
    const LogisticGradients h = logistic_gradients(X, A, Y);
    EXPECT_NEAR(h.dw(0), 0.25, 1e-12);
    EXPECT_NEAR(h.dw(1), 0.25, 1e-12);
    EXPECT_NEAR(h.db, 0.0, 1e-12);
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
    ASSERT_EQ(g.dw.size(), n) << GRADED_HINT("dw is n x 1");
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
        EXPECT_LE(std::abs(num - ana) / (std::abs(num) + std::abs(ana)), 1e-7)
            << (k < n ? "dw(" + std::to_string(k) + ")" : std::string("db")) << " is " << ana
            << ", the two-sided difference of J gives " << num << "\n"
            << (std::abs(ana - m * num) < 1e-6 ? GRADED_HINT("m times too large: divide by m")
                                               : "");
    }
}

TEST(Graded, LogisticGradientsRejectMismatchedShapes) {
    MatrixD X = MatrixD::Zero(2, 3), A = MatrixD::Zero(1, 2), Y = MatrixD::Zero(1, 2);
    GRADED_EXPECT_INPUT_ERROR(logistic_gradients(X, A, Y), "X with 3 columns and A, Y with 2");
    MatrixD A3 = MatrixD::Zero(1, 3), Y2 = MatrixD::Zero(1, 2);
    GRADED_EXPECT_INPUT_ERROR(logistic_gradients(X, A3, Y2), "A of 1 x 3 and Y of 1 x 2");
}
