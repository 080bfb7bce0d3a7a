// Graded: ch06.residual_block_forward. The header's example, the identity when W2 = 0 and
// b2 = 0 (on non-negative inputs), and a random batch against the formula written out here.
#include "exercises/ch06.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, ResidualBlockHeaderExample) {
    Matrix A(2, 1), W1(2, 2), b1 = Matrix::Zero(2, 1), W2(2, 2), b2(2, 1);
    A << 1, -2;
    W1 << 1, 0, 0, 1;
    W2 << 0, 1, 1, 0;
    b2 << 0, 1;
    Matrix want(2, 1);
    want << 1, 0;
    EXPECT_EQ(residual_block_forward(A, W1, b1, W2, b2), want);
}

TEST(Graded, ResidualBlockWithZeroSecondLayerIsTheIdentity) {
    Rng rng(3);
    const Matrix A = Matrix::NullaryExpr(4, 5, [&] { return float(std::abs(rng.normal())); });
    const Matrix W1 = Matrix::NullaryExpr(3, 4, [&] { return float(rng.normal()); });
    const Matrix b1 = Matrix::NullaryExpr(3, 1, [&] { return float(rng.normal()); });
    EXPECT_EQ(residual_block_forward(A, W1, b1, Matrix::Zero(4, 3), Matrix::Zero(4, 1)), A);
}

TEST(Graded, ResidualBlockRandomBatch) {
    Rng rng(8);
    auto randm = [&](int r, int c) {
        return Matrix(Matrix::NullaryExpr(r, c, [&] { return float(rng.normal()); }));
    };
    const Matrix A = randm(5, 7), W1 = randm(3, 5), b1 = randm(3, 1), W2 = randm(5, 3),
                 b2 = randm(5, 1);
    const Matrix got = residual_block_forward(A, W1, b1, W2, b2);
    ASSERT_EQ(got.rows(), 5);
    ASSERT_EQ(got.cols(), 7);
    for (int j = 0; j < 7; ++j)
        for (int i = 0; i < 5; ++i) {
            double z2 = b2(i, 0);
            for (int k = 0; k < 3; ++k) {
                double z1 = b1(k, 0);
                for (int n = 0; n < 5; ++n) z1 += double(W1(k, n)) * A(n, j);
                z2 += W2(i, k) * std::max(z1, 0.0);
            }
            EXPECT_NEAR(got(i, j), std::max(z2 + A(i, j), 0.0), 1e-5) << i << ", " << j;
        }
}
