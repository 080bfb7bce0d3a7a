// Graded: ch09.update_loss_scale. The rule of PyTorch's GradScaler and of Micikevicius et al.
// (2018): x0.5 and a skipped step on an inf/NaN gradient, x2 after growth_interval clean steps.
#include "exercises/ch09.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, LossScaleBacksOffAndSkips) {
    nn::LossScalerOptions o;  // 2^16, x2, x0.5, 2000
    nn::LossScaleState s{65536.0, 1500};
    EXPECT_FALSE(update_loss_scale(s, true, o));
    EXPECT_EQ(s.scale, 32768.0);
    EXPECT_EQ(s.good_steps, 0);
    EXPECT_FALSE(update_loss_scale(s, true, o));  // twice in a row: halves again
    EXPECT_EQ(s.scale, 16384.0);
}

TEST(Graded, LossScaleGrowsAfterTheInterval) {
    nn::LossScalerOptions o;
    nn::LossScaleState s{65536.0, 1998};
    EXPECT_TRUE(update_loss_scale(s, false, o));  // the 1999th clean step: no change yet
    EXPECT_EQ(s.scale, 65536.0);
    EXPECT_EQ(s.good_steps, 1999);
    EXPECT_TRUE(update_loss_scale(s, false, o));  // the 2000th: doubles, count restarts
    EXPECT_EQ(s.scale, 131072.0);
    EXPECT_EQ(s.good_steps, 0);
}

TEST(Graded, LossScaleFollowsTheOptions) {
    nn::LossScalerOptions o;
    o.growth_interval = 3, o.growth_factor = 4.0, o.backoff_factor = 0.25;
    nn::LossScaleState s{8.0, 0};
    // clean, clean, clean (x4 → 32), inf (x0.25 → 8, skipped), clean, clean, clean (→ 32)
    const bool steps[] = {false, false, false, true, false, false, false};
    const double scales[] = {8, 8, 32, 8, 8, 8, 32};
    for (int i = 0; i < 7; ++i) {
        EXPECT_EQ(update_loss_scale(s, steps[i], o), !steps[i]) << "step " << i + 1;
        EXPECT_EQ(s.scale, scales[i]) << "step " << i + 1;
    }
}

TEST(Graded, LossScaleMatchesTheLibraryOverALongRun) {
    nn::LossScalerOptions o;
    o.growth_interval = 7;
    nn::LossScaleState mine{65536.0, 0}, ref{65536.0, 0};
    Rng rng(5);
    for (int i = 0; i < 500; ++i) {
        const bool inf = rng.uniform() < 0.05;
        ASSERT_EQ(update_loss_scale(mine, inf, o), nn::loss_scale_rule(ref, inf, o)) << "step " << i;
        ASSERT_EQ(mine.scale, ref.scale) << "step " << i;
        ASSERT_EQ(mine.good_steps, ref.good_steps) << "step " << i;
    }
}
