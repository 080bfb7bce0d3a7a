// Graded: ch09.float_to_half. Hand-worked values (each from the float16 layout: 1 sign,
// 5 exponent bits with bias 15, 10 fraction bits), the ties, the edges of the range, and every
// float16 value and every midpoint between neighbours checked against the library's converter.
#include <cmath>
#include <cstring>
#include <limits>

#include "core/half.hpp"
#include "exercises/ch09.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, FloatToHalfHandWorked) {
    EXPECT_EQ(float_to_half(1.0f), 0x3c00);     // exponent 15, fraction 0
    EXPECT_EQ(float_to_half(-2.0f), 0xc000);    // sign, exponent 16
    EXPECT_EQ(float_to_half(0.5f), 0x3800);     // exponent 14
    EXPECT_EQ(float_to_half(0.0f), 0x0000);
    EXPECT_EQ(float_to_half(-0.0f), 0x8000);    // the sign of zero is kept
    EXPECT_EQ(float_to_half(65504.0f), 0x7bff);  // the largest float16: (2 − 2^−10)·2^15
    EXPECT_EQ(float_to_half(std::ldexp(1.0f, -14)), 0x0400);  // smallest normal
}

TEST(Graded, FloatToHalfRoundsToNearestEven) {
    // Between 1 and 1 + 2^−10 (0x3c00, 0x3c01) the midpoint 1 + 2^−11 goes to the even 0x3c00;
    // between 0x3c01 and 0x3c02 the midpoint 1 + 3·2^−11 goes to the even 0x3c02.
    EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11)), 0x3c00);
    EXPECT_EQ(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);
    EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), 0x3c01);  // above
    EXPECT_EQ(float_to_half(0.1f), 0x2e66);  // 0.0999755859375
    EXPECT_EQ(float_to_half(2049.0f), 0x6800);  // 2048 and 2050 are neighbours: tie to 2048
    EXPECT_EQ(float_to_half(2051.0f), 0x6802);  // tie between 2050 and 2052: to 2052
}

TEST(Graded, FloatToHalfRange) {
    EXPECT_EQ(float_to_half(65519.0f), 0x7bff);   // below the midpoint 65520: 65504
    EXPECT_EQ(float_to_half(65520.0f), 0x7c00);   // the midpoint to 2^16 rounds up: inf
    EXPECT_EQ(float_to_half(1e9f), 0x7c00);
    EXPECT_EQ(float_to_half(-1e9f), 0xfc00);
    EXPECT_EQ(float_to_half(std::numeric_limits<float>::infinity()), 0x7c00);
    const uint16_t nan = float_to_half(std::numeric_limits<float>::quiet_NaN());
    EXPECT_EQ(nan & 0x7c00, 0x7c00);
    EXPECT_NE(nan & 0x03ff, 0) << "NaN must stay NaN";
    EXPECT_EQ(float_to_half(std::ldexp(1.0f, -24)), 0x0001);    // smallest subnormal
    EXPECT_EQ(float_to_half(std::ldexp(1.0f, -25)), 0x0000);    // half of it: tie to even 0
    EXPECT_EQ(float_to_half(3 * std::ldexp(1.0f, -26)), 0x0001);  // above half: 2^−24
    EXPECT_EQ(float_to_half(3 * std::ldexp(1.0f, -25)), 0x0002);  // 1.5·2^−24: tie to even 2
    EXPECT_EQ(float_to_half(std::ldexp(1.0f, -15)), 0x0200);    // a subnormal: 0.1000000000·2^−14
}

TEST(Graded, FloatToHalfEveryValueAndMidpoint) {
    // Every finite float16 h: its own value must give h back, and the midpoint between h and
    // the next one must round to whichever of the two is even.
    int wrong = 0;
    for (uint32_t h = 0; h < 0x7c00; ++h) {
        for (uint16_t sign : {uint16_t(0), uint16_t(0x8000)}) {
            const float v = half_bits_to_float(uint16_t(h | sign));
            if (float_to_half(v) != uint16_t(h | sign) && wrong++ < 5)
                ADD_FAILURE() << "value " << v << " should give 0x" << std::hex << (h | sign);
            const float next = half_bits_to_float(uint16_t((h + 1) | sign));
            const float mid = 0.5f * (v + next);
            const uint16_t want = float_to_half_bits(mid);
            if (float_to_half(mid) != want && wrong++ < 5)
                ADD_FAILURE() << "midpoint " << mid << " should give 0x" << std::hex << want;
        }
    }
    EXPECT_EQ(wrong, 0);
}
