// Graded: ch04.gradient_check. The numerical gradient must be two-sided (for J = θ³ its error
// is exactly ε², where a one-sided difference is off by about 3θε), leave θ unchanged, and the
// relative error must match the header's example.
#include <cmath>

#include "exercises/ch04.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, NumericalGradientIsTwoSided) {
    // J(θ) = θ₀³ + 2θ₁: exact gradient (3θ₀², 2); two-sided difference (3θ₀² + ε², 2).
    auto J = [](const std::vector<double>& t) { return t[0] * t[0] * t[0] + 2 * t[1]; };
    const double eps = 1e-3;
    const auto g = numerical_gradient(J, {2.0, -1.0}, eps);
    ASSERT_EQ(g.size(), 2u) << GRADED_HINT("one derivative per component of θ");
    EXPECT_NEAR(g[0], 12.0 + eps * eps, 1e-8)  // one-sided would give 12.006001
        << (std::abs(g[0] - 12.006001) < 1e-6 || std::abs(g[0] - 11.994001) < 1e-6
                ? GRADED_HINT("one-sided difference? use (J(θ + ε) − J(θ − ε)) / (2ε)")
                : std::abs(g[0] - 2 * (12.0 + eps * eps)) < 1e-6
                      ? GRADED_HINT("twice too large: divide by 2ε")
                      : GRADED_HINT("grad[i] = (J(θ + ε·eᵢ) − J(θ − ε·eᵢ)) / (2ε)"));
    EXPECT_NEAR(g[1], 2.0, 1e-8);
}

TEST(Graded, NumericalGradientOfASmoothFunction) {
    // J(θ) = θ₀²·θ₁ + sin θ₂: gradient (2θ₀θ₁, θ₀², cos θ₂).
    auto J = [](const std::vector<double>& t) { return t[0] * t[0] * t[1] + std::sin(t[2]); };
    const std::vector<double> theta = {1.5, -0.5, 0.3};
    const auto g = numerical_gradient(J, theta, 1e-6);
    const std::vector<double> exact = {2 * 1.5 * -0.5, 1.5 * 1.5, std::cos(0.3)};
    ASSERT_EQ(g.size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(g[i], exact[i], 1e-8) << i;
    EXPECT_LT(gradient_rel_error(g, exact), 1e-7);
}

TEST(Graded, NumericalGradientRestoresEachComponent) {
    // J only looks at θ₁; if θ₀ were left perturbed, J's slope along θ₁ would change.
    auto J = [](const std::vector<double>& t) { return t[0] * t[1]; };
    const auto g = numerical_gradient(J, {3.0, 5.0}, 1e-4);
    EXPECT_NEAR(g[0], 5.0, 1e-8);
    EXPECT_NEAR(g[1], 3.0, 1e-8)
        << GRADED_HINT("put θ[i] back after its two evaluations, before moving on to θ[i + 1]");
}

TEST(Graded, RelativeErrorHandComputed) {
    EXPECT_NEAR(gradient_rel_error({1, 2}, {1, 2.5}), 0.10144765023721385, 1e-12)
        << GRADED_HINT("‖approx − exact‖₂ / (‖approx‖₂ + ‖exact‖₂): three norms, each the square "
                       "root of a sum of squares");
    EXPECT_EQ(gradient_rel_error({0, 0}, {0, 0}), 0.0)
        << GRADED_HINT("both zero gives 0/0 = NaN: return 0 when the denominator is 0");
    EXPECT_NEAR(gradient_rel_error({1, 0}, {-1, 0}), 1.0, 1e-12);  // 2 / (1 + 1)
}

TEST(Graded, RelativeErrorRejectsLengthMismatch) {
    GRADED_EXPECT_INPUT_ERROR(gradient_rel_error({1, 2}, {1}), "vectors of 2 and 1 values");
}
