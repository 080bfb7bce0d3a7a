// Graded: ch06.output_size. The lecture's formula on the chapter's cases, rounding down, and
// the arguments it must refuse.
#include "exercises/ch06.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, OutputSizeOfTheChaptersCases) {
    EXPECT_EQ(output_size(6, 3, 0, 1), 4);     // "valid": 6 − 3 + 1
    EXPECT_EQ(output_size(6, 3, 1, 1), 6);     // "same": p = (f − 1)/2
    EXPECT_EQ(output_size(7, 3, 1, 2), 4);     // (7 + 2 − 3)/2 + 1
    EXPECT_EQ(output_size(28, 5, 2, 1), 28);   // LeNet-5's first layer on 28x28
    EXPECT_EQ(output_size(227, 11, 0, 4), 55); // AlexNet's first layer
    EXPECT_EQ(output_size(4, 2, 0, 2), 2);     // the lecture's pooling example
    EXPECT_EQ(output_size(5, 5, 0, 1), 1);     // the filter covers the image exactly
}

TEST(Graded, OutputSizeRoundsDown) {
    EXPECT_EQ(output_size(8, 3, 0, 2), 3);    // (8 − 3)/2 = 2.5 → 2, + 1
    EXPECT_EQ(output_size(14, 3, 1, 2), 7);   // (14 + 2 − 3)/2 = 6.5 → 6, + 1
    EXPECT_EQ(output_size(10, 4, 0, 3), 3);   // 6/3 = 2, + 1
}

TEST(Graded, OutputSizeRefusesWhatCannotBe) {
    GRADED_EXPECT_INPUT_ERROR(output_size(3, 5, 0, 1), "the filter does not fit");
    GRADED_EXPECT_INPUT_ERROR(output_size(6, 3, 0, 0), "stride 0");
    GRADED_EXPECT_INPUT_ERROR(output_size(6, 3, -1, 1), "negative padding");
    GRADED_EXPECT_INPUT_ERROR(output_size(6, 0, 0, 1), "no filter");
    EXPECT_EQ(output_size(3, 5, 1, 1), 1);          // fits once padded: 3 + 2 − 5 + 1
}
