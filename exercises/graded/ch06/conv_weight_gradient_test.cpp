// Graded: ch06.conv_weight_gradient. The header's example, and random images (with stride and
// padding) against the course's direct convolution backward pass and against a two-sided
// numerical gradient of J = Σ dY ⊙ conv(X, K).
#include "exercises/ch06.hpp"
#include "kernels/conv2d.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, ConvWeightGradientHeaderExample) {
    Matrix X(3, 3);
    X << 1, 2, 3, 4, 5, 6, 7, 8, 9;
    Matrix dY(2, 2);
    dY << 1, 0, 0, 1;
    Matrix want(2, 2);
    want << 6, 8, 12, 14;  // dK(a, b) = X(a, b) + X(a + 1, b + 1)
    EXPECT_EQ(conv_weight_gradient(X, dY, 2, 1, 0), want);
}

TEST(Graded, ConvWeightGradientMatchesTheCourseKernel) {
    Rng rng(16);
    struct Case {
        int H, W, f, s, p;
    };
    for (const Case c : {Case{6, 7, 3, 1, 1}, Case{9, 8, 3, 2, 1}, Case{7, 7, 5, 2, 0}}) {
        ConvGeometry g;
        g.C = 1, g.H = c.H, g.W = c.W, g.F = 1, g.k = c.f, g.stride = c.s, g.pad = c.p;
        const Tensor x = test::randn(g.input(1), rng);
        const Tensor dy = test::randn(g.output(1), rng);
        const Tensor k = test::randn(g.weight(), rng);
        Tensor dk = Tensor::zeros(g.weight());
        conv2d_direct_backward(dy, x, k, g, nullptr, dk, nullptr);
        const Matrix X = mat<float>(x.reshape(Shape::matrix(c.W, c.H))).transpose();
        const Matrix dY = mat<float>(dy.reshape(Shape::matrix(g.OW(), g.OH()))).transpose();
        const Matrix want = mat<float>(dk.reshape(Shape::matrix(c.f, c.f))).transpose();
        const Matrix got = conv_weight_gradient(X, dY, c.f, c.s, c.p);
        ASSERT_EQ(got.rows(), c.f);
        ASSERT_EQ(got.cols(), c.f);
        EXPECT_LT((got - want).cwiseAbs().maxCoeff(), 1e-4) << c.H << "x" << c.W;
    }
}

TEST(Graded, ConvWeightGradientIsTheDerivative) {
    // J(K) = Σ_ij dY(i, j)·Y(i, j) is linear in K: its two-sided difference is exact up to
    // rounding, so the gradient must match it to float precision.
    Rng rng(5);
    Matrix X = Matrix::NullaryExpr(5, 6, [&] { return float(rng.normal()); });
    Matrix dY = Matrix::NullaryExpr(3, 3, [&] { return float(rng.normal()); });  // f 3, s 2, p 1
    Matrix K = Matrix::NullaryExpr(3, 3, [&] { return float(rng.normal()); });
    auto J = [&](const Matrix& Kx) {
        double s = 0;
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
                double y = 0;  // Y(i, j) written out
                for (int a = 0; a < 3; ++a)
                    for (int b = 0; b < 3; ++b) {
                        const int h = 2 * i - 1 + a, w = 2 * j - 1 + b;
                        if (h >= 0 && h < 5 && w >= 0 && w < 6) y += double(Kx(a, b)) * X(h, w);
                    }
                s += dY(i, j) * y;
            }
        return s;
    };
    const Matrix dK = conv_weight_gradient(X, dY, 3, 2, 1);
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) {
            Matrix Kp = K, Km = K;
            Kp(a, b) += 0.5f;
            Km(a, b) -= 0.5f;
            EXPECT_NEAR(dK(a, b), J(Kp) - J(Km), 1e-4) << a << ", " << b;
        }
}
