// Graded: ch05.ewma. The header's example, a constant series (which the correction recovers
// exactly from the first day), the lecture's β = 0.9, 0.98, 0.5 on hand-computed values, and
// the bad β.
#include <cmath>

#include "exercises/ch05.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, EwmaHeaderExample) {
    const auto v = ewma({10, 20}, 0.5, false);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_NEAR(v[0], 5.0, 1e-12);   // 0.5·0 + 0.5·10
    EXPECT_NEAR(v[1], 12.5, 1e-12);  // 0.5·5 + 0.5·20
    const auto c = ewma({10, 20}, 0.5, true);
    EXPECT_NEAR(c[0], 10.0, 1e-12);        // 5 / (1 − 0.5)
    EXPECT_NEAR(c[1], 12.5 / 0.75, 1e-12);  // 12.5 / (1 − 0.25)
}

TEST(Graded, EwmaBiasCorrectionRecoversAConstant) {
    // θ_t = 7 for 50 days: v_t = 7·(1 − βᵗ), so the corrected average is exactly 7 from day 1,
    // while the raw one starts at 7·(1 − β).
    const std::vector<double> theta(50, 7.0);
    for (double beta : {0.9, 0.98, 0.5}) {
        const auto raw = ewma(theta, beta, false);
        const auto cor = ewma(theta, beta, true);
        ASSERT_EQ(raw.size(), 50u);
        for (int t = 0; t < 50; ++t) {
            EXPECT_NEAR(raw[t], 7.0 * (1 - std::pow(beta, t + 1)), 1e-12) << "β " << beta;
            EXPECT_NEAR(cor[t], 7.0, 1e-11) << "β " << beta << " day " << t + 1;
        }
    }
}

TEST(Graded, EwmaLecturesBetasByHand) {
    // θ = (4, 8, 6): β = 0.9 gives v = (0.4, 1.16, 1.644); corrected (4, 6.1052632, 6.0664207).
    const auto v = ewma({4, 8, 6}, 0.9, false);
    EXPECT_NEAR(v[0], 0.4, 1e-12);
    EXPECT_NEAR(v[1], 1.16, 1e-12);
    EXPECT_NEAR(v[2], 1.644, 1e-12);
    const auto c = ewma({4, 8, 6}, 0.9, true);
    EXPECT_NEAR(c[1], 1.16 / 0.19, 1e-12);
    EXPECT_NEAR(c[2], 1.644 / 0.271, 1e-12);
    EXPECT_NEAR(ewma({4, 8, 6}, 0.98, false)[1], 0.98 * 0.08 + 0.02 * 8, 1e-12);
    EXPECT_TRUE(ewma({}, 0.9, true).empty());
    GRADED_EXPECT_INPUT_ERROR(ewma({1}, 1.0, false), "β = 1");
    GRADED_EXPECT_INPUT_ERROR(ewma({1}, -0.1, false), "β = -0.1");
}
