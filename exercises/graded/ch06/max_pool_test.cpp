// Graded: ch06.max_pool. Lecture 001's 4x4 example forward and backward, overlapping windows
// (3x3, stride 2) whose gradients add up, ties going to the first maximum, and a rectangular
// map with a row and a column left over.
#include "exercises/ch06.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

namespace {
Matrix lecture_example() {
    Matrix X(4, 4);
    X << 1, 3, 2, 4,  //
        1, 3, 2, 4,   //
        5, 7, 6, 8,   //
        5, 7, 6, 8;
    return X;
}
}  // namespace

TEST(Graded, MaxPoolTheLecturesExample) {
    Matrix want(2, 2);
    want << 3, 4, 7, 8;
    EXPECT_EQ(max_pool_forward(lecture_example(), 2, 2), want);
}

TEST(Graded, MaxPoolBackwardTheLecturesExample) {
    Matrix dY(2, 2);
    dY << 1, 2, 3, 4;
    Matrix want(4, 4);
    // Each window's maximum appears twice (rows 0 and 1, rows 2 and 3): the first one, in row 0
    // or row 2, gets the gradient.
    want << 0, 1, 0, 2,  //
        0, 0, 0, 0,      //
        0, 3, 0, 4,      //
        0, 0, 0, 0;
    EXPECT_EQ(max_pool_backward(lecture_example(), dY, 2, 2), want);
}

TEST(Graded, MaxPoolOverlappingWindows) {
    // 5x5 with a single large value in the centre: every 3x3 window (stride 2) contains it,
    // so it is each window's maximum and collects all four gradients.
    Matrix X = Matrix::Zero(5, 5);
    X(2, 2) = 9;
    X(0, 0) = 1;  // the top-left window's maximum is still the centre
    const Matrix Y = max_pool_forward(X, 3, 2);
    ASSERT_EQ(Y.rows(), 2);
    ASSERT_EQ(Y.cols(), 2);
    EXPECT_EQ(Y, Matrix::Constant(2, 2, 9));
    Matrix dY(2, 2);
    dY << 1, 2, 3, 4;
    const Matrix dX = max_pool_backward(X, dY, 3, 2);
    EXPECT_EQ(dX(2, 2), 10.0f);  // 1 + 2 + 3 + 4
    EXPECT_EQ(dX.sum(), 10.0f);
}

TEST(Graded, MaxPoolRectangularWithLeftovers) {
    // 3x5, 2x2 windows, stride 2: one row and one column are not covered.
    Matrix X(3, 5);
    X << 1, 2, 3, 4, 100,  //
        5, 6, 7, 8, 100,   //
        100, 100, 100, 100, 100;
    Matrix want(1, 2);
    want << 6, 8;
    EXPECT_EQ(max_pool_forward(X, 2, 2), want);
    Matrix dY(1, 2);
    dY << -1, 0.5;
    const Matrix dX = max_pool_backward(X, dY, 2, 2);
    EXPECT_EQ(dX(1, 1), -1.0f);
    EXPECT_EQ(dX(1, 3), 0.5f);
    EXPECT_EQ(dX.cwiseAbs().sum(), 1.5f);  // nothing reaches the uncovered row and column
}
