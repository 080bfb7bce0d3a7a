// Graded: ch06.conv2d_single. The lecture's vertical edge detector, a stride-2 padded case
// worked out by hand, and random images against the course's direct convolution kernel.
#include "exercises/ch06.hpp"
#include "kernels/conv2d.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, Conv2dSingleVerticalEdge) {
    Matrix X(6, 6);
    for (int h = 0; h < 6; ++h) X.row(h) << 10, 10, 10, 0, 0, 0;
    Matrix K(3, 3);
    K << 1, 0, -1, 1, 0, -1, 1, 0, -1;
    const Matrix Y = conv2d_single(X, K, 1, 0);
    ASSERT_EQ(Y.rows(), 4);
    ASSERT_EQ(Y.cols(), 4);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(Y(i, 0), 0.0f);
        EXPECT_EQ(Y(i, 1), 30.0f);  // 3 rows of 10 − 0 across the edge
        EXPECT_EQ(Y(i, 2), 30.0f);
        EXPECT_EQ(Y(i, 3), 0.0f);
    }
}

TEST(Graded, Conv2dSingleStrideAndPadding) {
    // X = [1 2 3; 4 5 6; 7 8 9], K = [1 1; 1 1] (window sums), p = 1, s = 2: the windows of the
    // padded image start at (−1, −1), (−1, 1), (1, −1), (1, 1): sums 1, 2+3, 4+7, 5+6+8+9.
    Matrix X(3, 3);
    X << 1, 2, 3, 4, 5, 6, 7, 8, 9;
    const Matrix Y = conv2d_single(X, Matrix::Ones(2, 2), 2, 1);
    Matrix want(2, 2);
    want << 1, 5, 11, 28;
    EXPECT_EQ(Y, want);
    // The filter is not flipped: K = [0 1; 0 0] picks the top-right pixel of each 2x2 window
    // ("valid", stride 1): windows at (0, 0), (0, 1), (1, 0), (1, 1) → 2, 3, 5, 6.
    Matrix K(2, 2);
    K << 0, 1, 0, 0;
    const Matrix Y2 = conv2d_single(X, K, 1, 0);
    Matrix want_valid(2, 2);
    want_valid << 2, 3, 5, 6;
    EXPECT_EQ(Y2, want_valid);
}

TEST(Graded, Conv2dSingleMatchesTheCourseKernel) {
    Rng rng(6);
    struct Case {
        int H, W, f, s, p;
    };
    for (const Case c : {Case{7, 9, 3, 1, 1}, Case{8, 5, 3, 2, 0}, Case{10, 10, 5, 2, 2},
                         Case{4, 6, 1, 1, 0}}) {
        const Tensor x = test::randn(Shape::images(1, 1, c.H, c.W), rng);
        const Tensor k = test::randn(Shape{c.f, c.f, 1, 1}, rng);
        ConvGeometry g;
        g.C = 1, g.H = c.H, g.W = c.W, g.F = 1, g.k = c.f, g.stride = c.s, g.pad = c.p;
        Tensor y(g.output(1));
        conv2d_direct_forward(x, k, nullptr, g, y);
        // The tensors are [W x H] column-major: as an H x W matrix, row h is image row h.
        const Matrix X = mat<float>(x.reshape(Shape::matrix(c.W, c.H))).transpose();
        const Matrix K = mat<float>(k.reshape(Shape::matrix(c.f, c.f))).transpose();
        const Matrix want = mat<float>(y.reshape(Shape::matrix(g.OW(), g.OH()))).transpose();
        const Matrix got = conv2d_single(X, K, c.s, c.p);
        ASSERT_EQ(got.rows(), want.rows());
        ASSERT_EQ(got.cols(), want.cols());
        EXPECT_LT((got - want).cwiseAbs().maxCoeff(), 1e-4) << c.H << "x" << c.W << " f" << c.f;
    }
}
