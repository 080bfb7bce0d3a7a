// Graded: ch05.dropout_forward. The header's example, the mask's share and the mean it keeps,
// and the bad inputs.
#include <cmath>

#include "core/rng.hpp"
#include "exercises/ch05.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, DropoutForwardHeaderExample) {
    MatrixD A(1, 3), U(1, 3), D;
    A << 2, 4, 6;
    U << 0.1, 0.9, 0.5;
    const MatrixD out = dropout_forward(A, U, 0.8, D);
    ASSERT_EQ(D.rows(), 1);
    ASSERT_EQ(D.cols(), 3);
    EXPECT_EQ(D(0, 0), 1.0);
    EXPECT_EQ(D(0, 1), 0.0);
    EXPECT_EQ(D(0, 2), 1.0);
    EXPECT_NEAR(out(0, 0), 2.5, 1e-15);  // 2 / 0.8
    EXPECT_EQ(out(0, 1), 0.0);
    EXPECT_NEAR(out(0, 2), 7.5, 1e-15);  // 6 / 0.8
}

TEST(Graded, DropoutForwardKeepsAShareAndTheMean) {
    // 20,000 units of value 3 and uniform U: about p·n survive, each scaled to 3/p, so the mean
    // stays 3 (binomial spread of the count: √(n·p·(1 − p)) ≈ 57 for p = 0.8).
    Rng rng(5);
    const int n = 20000;
    MatrixD A = MatrixD::Constant(100, 200, 3.0), U(100, 200), D;
    for (int i = 0; i < n; ++i) U.data()[i] = rng.uniform();
    for (double p : {0.5, 0.8}) {
        const MatrixD out = dropout_forward(A, U, p, D);
        EXPECT_NEAR(D.sum(), n * p, 5 * std::sqrt(n * p * (1 - p)));
        EXPECT_NEAR(out.mean(), 3.0, 3.0 * 5 * std::sqrt((1 - p) / (n * p)));
        for (int i = 0; i < n; ++i) {
            EXPECT_EQ(D.data()[i], U.data()[i] < p ? 1.0 : 0.0);
            EXPECT_NEAR(out.data()[i], U.data()[i] < p ? 3.0 / p : 0.0, 1e-12);
        }
    }
    // keep_prob = 1 keeps everything unchanged.
    const MatrixD same = dropout_forward(A, U, 1.0, D);
    EXPECT_EQ((same - A).cwiseAbs().maxCoeff(), 0.0);
}

TEST(Graded, DropoutForwardRejectsBadInput) {
    MatrixD A = MatrixD::Ones(2, 3), U = MatrixD::Zero(3, 2), D;
    GRADED_EXPECT_INPUT_ERROR(dropout_forward(A, U, 0.5, D), "A 2 x 3 but U 3 x 2");
    MatrixD U2 = MatrixD::Zero(2, 3);
    GRADED_EXPECT_INPUT_ERROR(dropout_forward(A, U2, 0.0, D), "keep_prob 0");
    GRADED_EXPECT_INPUT_ERROR(dropout_forward(A, U2, 1.5, D), "keep_prob 1.5");
}
