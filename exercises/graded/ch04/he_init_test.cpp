// Graded: ch04.he_init. The spread of the weights is √(2 / fan-in) (fan-in = columns, not
// rows), the mean is 0, and the numbers come from the generator in order (same seed, same W).
#include <cmath>

#include "exercises/ch04.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

namespace {
void moments(const Tensor& W, double& mean, double& sd) {
    const auto v = W.values();
    double s = 0, s2 = 0;
    for (double x : v) s += x, s2 += x * x;
    mean = s / v.size();
    sd = std::sqrt(s2 / v.size() - mean * mean);
}
}  // namespace

TEST(Graded, HeInitSpreadUsesFanIn) {
    Rng rng(1);
    Tensor W(Shape::matrix(50, 800));  // fan-in 800: σ = √(2/800) = 0.05
    he_init(W, rng);
    double mean, sd;
    moments(W, mean, sd);
    EXPECT_NEAR(sd, 0.05, 0.05 * 0.03);
    EXPECT_NEAR(mean, 0.0, 0.002);
}

TEST(Graded, HeInitIsTwiceXaviersVariance) {
    Rng rng(2);
    Tensor W(Shape::matrix(300, 200));  // σ = √(2/200) = 0.1; Xavier would give 0.0707
    he_init(W, rng);
    double mean, sd;
    moments(W, mean, sd);
    EXPECT_NEAR(sd, 0.1, 0.1 * 0.03);
}

TEST(Graded, HeInitDrawsFromTheGenerator) {
    Tensor W(Shape::matrix(4, 8)), ref(Shape::matrix(4, 8));
    Rng a(42), b(42);
    he_init(W, a);
    b.fill_normal(ref, 0.0, std::sqrt(2.0 / 8.0));
    DL_EXPECT_CLOSE(W, ref, 1e-6, 1e-3);
    Tensor again(Shape::matrix(4, 8));
    he_init(again, a);  // the generator moved on: different numbers
    EXPECT_GT(test::max_rel_error(again, W), 1e-3);
}
