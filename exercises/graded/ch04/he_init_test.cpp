// Graded: ch04.he_init. The spread of the weights is √(2 / fan-in) (fan-in = columns, not
// rows), the mean is 0, and the numbers come from the generator in order (same seed, same W).
#include <cmath>

#include "exercises/ch04.hpp"
#include "graded.hpp"
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

// What a wrong spread says about the mistake, for a W of `rows` x `cols`.
std::string spread_hint(double sd, double rows, double cols) {
    auto near = [&](double x) { return std::abs(sd - x) < 0.03 * x; };
    if (sd == 0)
        return GRADED_HINT("all zeros: is 2 / n_prev computed in integers? write 2.0 / n_prev");
    if (near(std::sqrt(2.0 / rows)))
        return GRADED_HINT("that is √(2 / W.rows()): the fan-in is W.cols() (n_prev)");
    if (near(2.0 / cols))
        return GRADED_HINT("2 / n_prev is the variance: the spread is its square root");
    if (near(std::sqrt(1.0 / cols)))
        return GRADED_HINT("√(1 / n_prev) is Xavier's; He uses 2 / n_prev");
    return GRADED_HINT("the standard deviation is √(2 / n_prev), n_prev = W.cols()");
}
}  // namespace

TEST(Graded, HeInitSpreadUsesFanIn) {
    Rng rng(1);
    Tensor W(Shape::matrix(50, 800));  // fan-in 800: σ = √(2/800) = 0.05
    he_init(W, rng);
    double mean, sd;
    moments(W, mean, sd);
    EXPECT_NEAR(sd, 0.05, 0.05 * 0.03) << spread_hint(sd, 50, 800);
    EXPECT_NEAR(mean, 0.0, 0.002) << GRADED_HINT("the weights are centred: mean 0");
}

TEST(Graded, HeInitIsTwiceXaviersVariance) {
    Rng rng(2);
    Tensor W(Shape::matrix(300, 200));  // σ = √(2/200) = 0.1; Xavier would give 0.0707
    he_init(W, rng);
    double mean, sd;
    moments(W, mean, sd);
    EXPECT_NEAR(sd, 0.1, 0.1 * 0.03) << spread_hint(sd, 300, 200);
}

TEST(Graded, HeInitDrawsFromTheGenerator) {
    Tensor W(Shape::matrix(4, 8)), ref(Shape::matrix(4, 8));
    Rng a(42), b(42);
    he_init(W, a);
    b.fill_normal(ref, 0.0, std::sqrt(2.0 / 8.0));
    EXPECT_LE(test::max_rel_error(W, ref, 1e-3), 1e-6)
        << GRADED_HINT("draw W with one call, rng.fill_normal(W, 0.0, stddev): the same seed must "
                       "give the same weights");
    Tensor again(Shape::matrix(4, 8));
    he_init(again, a);  // the generator moved on: different numbers
    EXPECT_GT(test::max_rel_error(again, W), 1e-3);
}
