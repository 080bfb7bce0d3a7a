// Graded: ch02.softmax. Hand-computed columns, columns summing to 1, logits of ±1000.
#include <cmath>

#include "exercises/ch02.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, SoftmaxHandComputed) {
    MatrixD Z(3, 2);
    Z << 1, 0,
         2, 0,
         3, std::log(2.0);
    const MatrixD A = softmax(Z);
    ASSERT_EQ(A.rows(), 3) << GRADED_HINT("the result is K x m, like Z");
    ASSERT_EQ(A.cols(), 2) << GRADED_HINT("the result is K x m, like Z");
    const double s = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
    EXPECT_NEAR(A.col(0).sum(), 1.0, 1e-12)
        << GRADED_HINT("each column sums to 1: divide by that column's sum, not the matrix's");
    EXPECT_NEAR(A(0, 0), std::exp(1.0) / s, 1e-12);  // 0.0900306
    EXPECT_NEAR(A(1, 0), std::exp(2.0) / s, 1e-12);  // 0.2447285
    EXPECT_NEAR(A(2, 0), std::exp(3.0) / s, 1e-12);  // 0.6652410
    EXPECT_NEAR(A(0, 1), 0.25, 1e-12)                // (1, 1, 2) / 4
        << GRADED_HINT("softmax works column by column (one sample per column), not row by row");
    EXPECT_NEAR(A(2, 1), 0.5, 1e-12);
}

TEST(Graded, SoftmaxExtremeLogits) {
    MatrixD Z(2, 2);
    Z << 1000, 1000,
         -1000, 1000;
    const MatrixD A = softmax(Z);
    EXPECT_EQ(A(0, 0), 1.0)
        << GRADED_HINT("NaN? e^{1000} is inf: subtract each column's maximum before exp");
    // e^(-2000) is far below the smallest double: 0, or a denormal from a vectorized exp.
    EXPECT_GE(A(1, 0), 0.0);
    EXPECT_LT(A(1, 0), 1e-300);
    EXPECT_NEAR(A(0, 1), 0.5, 1e-12);
    EXPECT_NEAR(A(1, 1), 0.5, 1e-12);
}
