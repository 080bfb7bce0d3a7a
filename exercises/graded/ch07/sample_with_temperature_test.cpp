// Graded: ch07.sample_with_temperature. One uniform draw per call, inverted through the
// cumulative distribution of softmax(z/τ) (compared draw by draw with the rule written out
// here), the frequencies of 20,000 draws, τ → 0 picking the most likely character, logits of
// 1000, and bad temperatures refused.
#include <cmath>

#include "exercises/ch07.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

namespace {
/// The expected index for a given u: the smallest k with p_0 + … + p_k > u.
int inverse_cdf(const Eigen::VectorXd& z, double tau, double u) {
    Eigen::VectorXd p = ((z.array() - z.maxCoeff()) / tau).exp();
    p /= p.sum();
    double cum = 0;
    for (int k = 0; k < p.size(); ++k) {
        cum += p(k);
        if (cum > u) return k;
    }
    return int(p.size()) - 1;
}
}  // namespace

TEST(Graded, SampleHeaderExample) {
    // z = (0, log 3): p = (0.25, 0.75).
    Eigen::VectorXd z(2);
    z << 0.0, std::log(3.0);
    int zeros = 0;
    Rng rng(1), mirror(1);
    for (int n = 0; n < 200; ++n) {
        const double u = mirror.uniform();  // the draw the function must make
        const int k = sample_with_temperature(z, 1.0, rng);
        EXPECT_EQ(k, u < 0.25 ? 0 : 1) << "draw " << n << ", u = " << u;
        zeros += k == 0;
    }
    EXPECT_GT(zeros, 20);
}

TEST(Graded, SampleFollowsTheInverseCdfDrawByDraw) {
    Eigen::VectorXd z(5);
    z << 1.0, -0.5, 2.0, 0.3, 2.0;
    for (double tau : {0.5, 1.0, 2.0}) {
        Rng rng(7), mirror(7);
        for (int n = 0; n < 300; ++n)
            EXPECT_EQ(sample_with_temperature(z, tau, rng), inverse_cdf(z, tau, mirror.uniform()))
                << "tau " << tau << ", draw " << n;
    }
}

TEST(Graded, SampleFrequenciesMatchSoftmax) {
    // 20,000 draws at τ = 0.5 from z = (1, 2, 3): p = softmax(2, 4, 6) = (0.0159, 0.1173, 0.8668);
    // the standard error of a frequency is at most √(0.25/20000) = 0.0035: 0.015 is 4 of them.
    Eigen::VectorXd z(3);
    z << 1, 2, 3;
    Rng rng(11);
    int count[3] = {0, 0, 0};
    for (int n = 0; n < 20000; ++n) ++count[sample_with_temperature(z, 0.5, rng)];
    EXPECT_NEAR(count[0] / 20000.0, 0.015876, 0.015);
    EXPECT_NEAR(count[1] / 20000.0, 0.117310, 0.015);
    EXPECT_NEAR(count[2] / 20000.0, 0.866813, 0.015);
}

TEST(Graded, SampleLowTemperatureAndLargeLogits) {
    Eigen::VectorXd z(4);
    z << 1000.0, 1001.0, 999.0, -1000.0;  // e^{1000} would overflow without the max subtracted
    Rng rng(3);
    for (int n = 0; n < 50; ++n) EXPECT_EQ(sample_with_temperature(z, 0.01, rng), 1);
    for (int n = 0; n < 50; ++n) {
        const int k = sample_with_temperature(z, 1.0, rng);
        EXPECT_TRUE(k >= 0 && k <= 2) << k;
    }
}

TEST(Graded, SampleRefusesBadInput) {
    Eigen::VectorXd z(2);
    z << 0.0, 1.0;
    Rng rng(1);
    GRADED_EXPECT_INPUT_ERROR(sample_with_temperature(z, 0.0, rng), "temperature 0");
    GRADED_EXPECT_INPUT_ERROR(sample_with_temperature(z, -1.0, rng), "temperature -1");
    GRADED_EXPECT_INPUT_ERROR(sample_with_temperature(z, std::nan(""), rng), "temperature NaN");
    GRADED_EXPECT_INPUT_ERROR(sample_with_temperature(Eigen::VectorXd(), 1.0, rng), "no logits");
}
