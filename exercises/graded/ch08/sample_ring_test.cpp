// Graded: ch08.sample_ring. With σ = 0 every point is a centre at angle 2πk/K (K distinct ones,
// not K points from 0 to 2π inclusive); the draws follow the order the header gives (mode, x
// noise, y noise), so a seed reproduces the reference's points; the noise has the asked σ.
#include <cmath>
#include <set>

#include "exercises/ch08.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, SampleRingWithoutNoiseGivesTheCentres) {
    Rng rng(1);
    const RingSamples s = sample_ring(200, 4, 2.0, 0.0, rng);
    ASSERT_EQ(s.X.rows(), 2);
    ASSERT_EQ(s.X.cols(), 200);
    ASSERT_EQ(s.mode.size(), 200u);
    const double cx[] = {2, 0, -2, 0}, cy[] = {0, 2, 0, -2};
    std::set<int> seen;
    for (int j = 0; j < 200; ++j) {
        const int k = s.mode[std::size_t(j)];
        ASSERT_TRUE(k >= 0 && k < 4);
        seen.insert(k);
        EXPECT_NEAR(s.X(0, j), cx[k], 1e-12);
        EXPECT_NEAR(s.X(1, j), cy[k], 1e-12);
    }
    EXPECT_EQ(seen.size(), 4u) << GRADED_HINT("the angle is 2πk/K for k < K: rng.below(K) picks k");
}

TEST(Graded, SampleRingFollowsTheOrderOfDraws) {
    Rng rng(7), ref(7);
    const RingSamples s = sample_ring(5, 8, 2.0, 0.02, rng);
    for (int j = 0; j < 5; ++j) {
        const int k = int(ref.below(8));
        const double x = 2 * std::cos(2 * M_PI * k / 8) + 0.02 * ref.normal();
        const double y = 2 * std::sin(2 * M_PI * k / 8) + 0.02 * ref.normal();
        EXPECT_EQ(s.mode[std::size_t(j)], k) << GRADED_HINT("draw the mode, then x's noise, then y's, sample by sample");
        EXPECT_NEAR(s.X(0, j), x, 1e-12);
        EXPECT_NEAR(s.X(1, j), y, 1e-12);
    }
}

TEST(Graded, SampleRingNoiseHasTheAskedSigma) {
    Rng rng(3);
    const RingSamples s = sample_ring(20000, 8, 2.0, 0.1, rng);
    double sum = 0, sum2 = 0;
    std::vector<int> count(8, 0);
    for (int j = 0; j < 20000; ++j) {
        const int k = s.mode[std::size_t(j)];
        ++count[std::size_t(k)];
        const double e = s.X(0, j) - 2 * std::cos(2 * M_PI * k / 8);
        sum += e, sum2 += e * e;
    }
    EXPECT_NEAR(sum / 20000, 0.0, 0.005);
    EXPECT_NEAR(std::sqrt(sum2 / 20000), 0.1, 0.005);
    for (int c : count) EXPECT_NEAR(c, 2500, 250);  // modes drawn uniformly
}

TEST(Graded, SampleRingRefusesBadArguments) {
    Rng rng(1);
    GRADED_EXPECT_INPUT_ERROR(sample_ring(0, 8, 2, 0.02, rng), "sample_ring(0, 8, 2, 0.02, rng)");
    GRADED_EXPECT_INPUT_ERROR(sample_ring(10, 0, 2, 0.02, rng), "sample_ring(10, 0, 2, 0.02, rng)");
    GRADED_EXPECT_INPUT_ERROR(sample_ring(10, 8, 0, 0.02, rng), "sample_ring(10, 8, 0, 0.02, rng)");
    GRADED_EXPECT_INPUT_ERROR(sample_ring(10, 8, 2, -1, rng), "sample_ring(10, 8, 2, -1, rng)");
}
