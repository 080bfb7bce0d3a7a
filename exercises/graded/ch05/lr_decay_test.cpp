// Graded: ch05.lr_decay. The lecture's example (α₀ = 0.2, decay_rate = 1), epoch 0, and bad
// input.
#include "exercises/ch05.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, LearningRateDecayLecturesExample) {
    EXPECT_NEAR(learning_rate_decay(0.2, 1.0, 1), 0.1, 1e-15);
    EXPECT_NEAR(learning_rate_decay(0.2, 1.0, 2), 0.2 / 3, 1e-15);
    EXPECT_NEAR(learning_rate_decay(0.2, 1.0, 3), 0.05, 1e-15);
    EXPECT_NEAR(learning_rate_decay(0.2, 1.0, 4), 0.04, 1e-15);
    EXPECT_EQ(learning_rate_decay(0.2, 1.0, 0), 0.2);
    EXPECT_NEAR(learning_rate_decay(0.001, 0.1, 40), 0.0002, 1e-18);
    EXPECT_EQ(learning_rate_decay(0.3, 0.0, 100), 0.3);
    GRADED_EXPECT_INPUT_ERROR(learning_rate_decay(0.0, 1.0, 1), "α₀ = 0");
    GRADED_EXPECT_INPUT_ERROR(learning_rate_decay(0.1, -1.0, 1), "decay_rate < 0");
    GRADED_EXPECT_INPUT_ERROR(learning_rate_decay(0.1, 1.0, -1), "epoch_num < 0");
}
