// Graded: ch06.zero_pad. The header's example, a rectangular matrix checked entry by entry,
// p = 0, and a negative padding refused.
#include "exercises/ch06.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, ZeroPadHeaderExample) {
    Matrix X(1, 2);
    X << 1, 2;
    Matrix want(3, 4);
    want << 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0;
    EXPECT_EQ(zero_pad(X, 1), want);
}

TEST(Graded, ZeroPadRectangular) {
    Matrix X(3, 5);
    for (int h = 0; h < 3; ++h)
        for (int w = 0; w < 5; ++w) X(h, w) = float(1 + 10 * h + w);
    const Matrix Y = zero_pad(X, 2);
    ASSERT_EQ(Y.rows(), 7);
    ASSERT_EQ(Y.cols(), 9);
    for (int h = 0; h < 7; ++h)
        for (int w = 0; w < 9; ++w) {
            const bool inside = h >= 2 && h < 5 && w >= 2 && w < 7;
            EXPECT_EQ(Y(h, w), inside ? X(h - 2, w - 2) : 0.0f) << "(" << h << ", " << w << ")";
        }
    EXPECT_EQ(zero_pad(X, 0), X);
}

TEST(Graded, ZeroPadRefusesNegativePadding) { GRADED_EXPECT_INPUT_ERROR(zero_pad(Matrix::Ones(2, 2), -1), "padding p = -1"); }
