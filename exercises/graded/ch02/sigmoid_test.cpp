// Graded: ch02.sigmoid. Hand-computed values and the extremes ±1000 (no NaN, no inf).
#include <cmath>

#include "exercises/ch02.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, SigmoidValues) {
    MatrixD Z(2, 3);
    Z << 0, 2, -1, 
         1, -2, 4;
    const MatrixD A = sigmoid(Z);
    ASSERT_EQ(A.rows(), 2);
    ASSERT_EQ(A.cols(), 3);
    EXPECT_NEAR(A(0, 0), 0.5, 1e-12);
    EXPECT_NEAR(A(0, 1), 0.8807970779778823, 1e-12);
    EXPECT_NEAR(A(0, 2), 0.2689414213699951, 1e-12);
    EXPECT_NEAR(A(1, 0), 0.7310585786300049, 1e-12);
    EXPECT_NEAR(A(1, 1), 0.11920292202211755, 1e-12);
    EXPECT_NEAR(A(1, 2), 0.9820137900379085, 1e-12);
}

TEST(Graded, SigmoidExtremesStayFinite) {
    MatrixD Z(1, 4);
    Z << -1000, 1000, -40, 40;
    const MatrixD A = sigmoid(Z);
    EXPECT_EQ(A(0, 0), 0.0);
    EXPECT_EQ(A(0, 1), 1.0);
    EXPECT_NEAR(A(0, 2), std::exp(-40.0), 1e-30);  // the e^{z}/(1+e^{z}) branch keeps tiny values
    EXPECT_NEAR(A(0, 3), 1.0, 1e-15);
}
