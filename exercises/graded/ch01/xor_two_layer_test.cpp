/// @file xor_two_layer_test.cpp
/// @brief Graded test of exercise ch01.xor_two_layer: XOR = AND(NAND(x), OR(x)).
#include <gtest/gtest.h>

#include "exercises/ch01.hpp"

namespace {

using dl::exercises::xor_two_layer;

TEST(Graded, XorTwoLayerTruthTable) {
    EXPECT_EQ(xor_two_layer(0, 0), 0.0f);
    EXPECT_EQ(xor_two_layer(0, 1), 1.0f);
    EXPECT_EQ(xor_two_layer(1, 0), 1.0f);
    EXPECT_EQ(xor_two_layer(1, 1), 0.0f);
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
