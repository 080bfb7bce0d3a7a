/// @file xor_two_layer_test.cpp
/// @brief Graded test of exercise ch01.xor_two_layer: XOR = AND(NAND(x), OR(x)).
#include "exercises/ch01.hpp"
#include "graded.hpp"

namespace {

using dl::exercises::xor_two_layer;

TEST(Graded, XorTwoLayerTruthTable) {
    EXPECT_EQ(xor_two_layer(0, 0), 0.0f) << GRADED_HINT("OR(0, 0) = 0, so AND(h1, h2) = 0");
    EXPECT_EQ(xor_two_layer(0, 1), 1.0f);
    EXPECT_EQ(xor_two_layer(1, 0), 1.0f);
    EXPECT_EQ(xor_two_layer(1, 1), 0.0f)
        << GRADED_HINT("NAND(1, 1) must be 0: with w = (−1, −1), which θ makes −2 − θ < 0 "
                       "but −1 − θ >= 0?");
}

// XOR is symmetric and x XOR x = 0: checked again in a loop so no entry is a lucky constant.
TEST(Graded, XorTwoLayerIsSymmetricAndSelfCancelling) {
    for (int a = 0; a <= 1; ++a)
        for (int b = 0; b <= 1; ++b) {
            const float y = xor_two_layer(float(a), float(b));
            EXPECT_EQ(y, float(a != b)) << a << " xor " << b;
            EXPECT_EQ(y, xor_two_layer(float(b), float(a)));
        }
}

}  // namespace
