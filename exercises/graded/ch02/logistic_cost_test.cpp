// Graded: ch02.logistic_cost. Hand-computed costs, the stable form at z = ±1000, the derivative
// dJ/dz = (a − y)/m checked by two-sided differences, and the shape checks.
#include <cmath>

#include "exercises/ch02.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, LogisticCostHandComputed) {
    MatrixD Z(1, 2), Y(1, 2);
    Z << 0, 2;
    Y << 1, 1;
    // (log 2 + log(1 + e^{-2})) / 2
    const double want = (std::log(2.0) + std::log1p(std::exp(-2.0))) / 2;
    const double J = logistic_cost(Z, Y);
    EXPECT_NEAR(J, want, 1e-12) << (std::abs(J - 2 * want) < 1e-9
                                        ? GRADED_HINT("twice the cost: J is the mean, divide the "
                                                      "sum by m")
                                        : GRADED_HINT("L = softplus(z) − y·z for each sample"));
    EXPECT_NEAR(logistic_cost(Z, Y), 0.4100376, 1e-7);
    Y << 0, 0;  // −log(1 − σ(2)) = log(1 + e^{2}) = 2.1269280
    EXPECT_NEAR(logistic_cost(Z, Y), (std::log(2.0) + 2.1269280110429727) / 2, 1e-9)
        << GRADED_HINT("y = 0 keeps only −log(1 − a) = softplus(z)");
}

TEST(Graded, LogisticCostStableAtPlusMinus1000) {
    MatrixD Z(1, 4), Y(1, 4);
    Z << 1000, -1000, 1000, -1000;
    Y << 1, 0, 0, 1;
    // Two certain right answers (cost 0) and two certain wrong ones (cost 1000 each).
    EXPECT_NEAR(logistic_cost(Z, Y), 500.0, 1e-9)
        << GRADED_HINT("inf or NaN? σ(1000) rounds to 1 and log(1 − 1) = −inf: compute L from z, "
                       "softplus(z) = max(z, 0) + log1p(e^{−|z|})");
}

TEST(Graded, LogisticCostGradientCheck) {
    MatrixD Z(1, 3), Y(1, 3);
    Z << 0.3, -1.7, 2.2;
    Y << 1, 0, 0;
    const double eps = 1e-6;
    for (int j = 0; j < 3; ++j) {
        MatrixD Zp = Z, Zm = Z;
        Zp(0, j) += eps;
        Zm(0, j) -= eps;
        const double num = (logistic_cost(Zp, Y) - logistic_cost(Zm, Y)) / (2 * eps);
        const double a = 1.0 / (1.0 + std::exp(-Z(0, j)));
        const double ana = (a - Y(0, j)) / 3.0;
        EXPECT_LE(std::abs(num - ana) / (std::abs(num) + std::abs(ana)), 1e-7)
            << "dJ/dz of sample " << j << ": the cost's slope is " << num << ", (a − y)/m is "
            << ana << "\n"
            << GRADED_HINT("J must be exactly the mean of softplus(z) − y·z");
    }
}

TEST(Graded, LogisticCostRejectsMismatchedShapes) {
    MatrixD Z = MatrixD::Zero(1, 3), Y = MatrixD::Zero(1, 2);
    GRADED_EXPECT_INPUT_ERROR(logistic_cost(Z, Y), "Z of 1 x 3 and Y of 1 x 2");
    MatrixD Z2 = MatrixD::Zero(2, 3), Y2 = MatrixD::Zero(2, 3);
    GRADED_EXPECT_INPUT_ERROR(logistic_cost(Z2, Y2), "Z and Y of 2 x 3 (not single rows)");
}
