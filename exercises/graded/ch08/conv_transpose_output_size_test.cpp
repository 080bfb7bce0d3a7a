// Graded: ch08.conv_transpose_output_size. The header's examples, the convolution mapping every
// answer back to n, and the arguments it must refuse.
#include "exercises/ch08.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, ConvTransposeOutputSizeHeaderExamples) {
    EXPECT_EQ(conv_transpose_output_size(7, 4, 1, 2, 0), 14);
    EXPECT_EQ(conv_transpose_output_size(14, 4, 1, 2, 0), 28);
    EXPECT_EQ(conv_transpose_output_size(7, 3, 1, 2, 0), 13);
    EXPECT_EQ(conv_transpose_output_size(7, 3, 1, 2, 1), 14);
    EXPECT_EQ(conv_transpose_output_size(1, 4, 0, 1, 0), 4);  // one pixel stamps one filter
}

TEST(Graded, ConvTransposeOutputSizeInvertsTheConvolution) {
    for (int64_t n = 1; n <= 8; ++n)
        for (int64_t k = 1; k <= 5; ++k)
            for (int64_t s = 1; s <= 3; ++s)
                for (int64_t p = 0; p < k; ++p)
                    for (int64_t op = 0; op < s; ++op) {
                        const int64_t o = (n - 1) * s - 2 * p + k + op;
                        if (o < 1) continue;
                        EXPECT_EQ(conv_transpose_output_size(n, k, p, s, op), o);
                        if (o + 2 * p >= k) {
                            EXPECT_EQ((o + 2 * p - k) / s + 1, n);
                        }
                    }
}

TEST(Graded, ConvTransposeOutputSizeRefusesBadArguments) {
    GRADED_EXPECT_INPUT_ERROR(conv_transpose_output_size(0, 3, 0, 1, 0), "conv_transpose_output_size(0, 3, 0, 1, 0)");
    GRADED_EXPECT_INPUT_ERROR(conv_transpose_output_size(4, 0, 0, 1, 0), "conv_transpose_output_size(4, 0, 0, 1, 0)");
    GRADED_EXPECT_INPUT_ERROR(conv_transpose_output_size(4, 3, 0, 0, 0), "conv_transpose_output_size(4, 3, 0, 0, 0)");
    GRADED_EXPECT_INPUT_ERROR(conv_transpose_output_size(4, 3, -1, 1, 0), "conv_transpose_output_size(4, 3, -1, 1, 0)");
    GRADED_EXPECT_INPUT_ERROR(conv_transpose_output_size(4, 3, 0, 2, 2), "conv_transpose_output_size(4, 3, 0, 2, 2)");  // op must be < s
    GRADED_EXPECT_INPUT_ERROR(conv_transpose_output_size(1, 1, 1, 1, 0), "conv_transpose_output_size(1, 1, 1, 1, 0)");  // output of −1 pixels
}
