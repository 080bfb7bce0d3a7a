// Graded: ch02.sigmoid. The shape, hand-computed values, and the extremes ±1000 (no NaN).
//
// In double precision the formula 1 / (1 + e^{−z}) is safe everywhere: at z = −1000, e^{1000}
// overflows to +inf and 1 / (1 + inf) = 0, the right answer. The equal-looking e^{z} / (1 + e^{z})
// is not: at z = 1000 it is inf / inf = NaN. The loss is where σ really needs care (log 0 once
// σ rounds to 1): that is exercise ch02.logistic_cost.
#include <cmath>
#include <utility>

#include "exercises/ch02.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, SigmoidKeepsTheShape) {
    for (const auto& [r, c] : {std::pair{2, 3}, std::pair{1, 5}, std::pair{4, 1}}) {
        const MatrixD A = sigmoid(MatrixD::Zero(r, c));
        ASSERT_EQ(A.rows(), r) << GRADED_HINT("the result has Z's shape: apply σ elementwise");
        ASSERT_EQ(A.cols(), c) << GRADED_HINT("the result has Z's shape: apply σ elementwise");
        EXPECT_TRUE((A.array() == 0.5).all()) << "σ(0) must be 0.5 everywhere, got\n" << A;
    }
}

TEST(Graded, SigmoidValues) {
    MatrixD Z(2, 3);
    Z << 0, 2, -1,
         1, -2, 4;
    const MatrixD A = sigmoid(Z);
    ASSERT_EQ(A.rows(), 2);
    ASSERT_EQ(A.cols(), 3);
    EXPECT_NEAR(A(0, 0), 0.5, 1e-12);
    EXPECT_NEAR(A(0, 1), 0.8807970779778823, 1e-12)
        << GRADED_HINT("σ(2) = 1 / (1 + e^{−2}): is the sign of the exponent right?");
    EXPECT_NEAR(A(0, 2), 0.2689414213699951, 1e-12);
    EXPECT_NEAR(A(1, 0), 0.7310585786300049, 1e-12);
    EXPECT_NEAR(A(1, 1), 0.11920292202211755, 1e-12);
    EXPECT_NEAR(A(1, 2), 0.9820137900379085, 1e-12);
}

TEST(Graded, SigmoidExtremes) {
    MatrixD Z(1, 4);
    Z << -1000, 1000, -40, 40;
    const MatrixD A = sigmoid(Z);
    EXPECT_EQ(A(0, 0), 0.0) << GRADED_HINT("σ(−1000) is 0 (to double precision), never NaN");
    EXPECT_EQ(A(0, 1), 1.0)
        << GRADED_HINT("NaN at z = 1000? e^{z} / (1 + e^{z}) is inf / inf there; "
                       "1 / (1 + e^{−z}) is not");
    // σ(−40) = e^{−40} / (1 + e^{−40}) ≈ 4.2e-18, kept to full relative precision.
    EXPECT_NEAR(A(0, 2), std::exp(-40.0) / (1.0 + std::exp(-40.0)), 1e-30);
    EXPECT_NEAR(A(0, 3), 1.0, 1e-15);
}
