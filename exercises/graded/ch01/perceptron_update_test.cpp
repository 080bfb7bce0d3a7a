/// @file perceptron_update_test.cpp
/// @brief Graded test of exercise ch01.perceptron_update:
/// ŷ = step(w·x − θ), w ← w + η(y − ŷ)x, θ ← θ − η(y − ŷ).
#include "exercises/ch01.hpp"
#include "graded.hpp"

namespace {

using dl::exercises::Perceptron;
using dl::exercises::perceptron_update;

Perceptron make(float w1, float w2, float theta) {
    Perceptron p;
    p.w = Eigen::Vector2f(w1, w2);
    p.theta = theta;
    return p;
}

// The header's example: w = 0, θ = 0, x = (1, 1), y = 0, η = 1. ŷ = step(0) = 1, y − ŷ = −1:
// w = (0, 0) − (1, 1) = (−1, −1), θ = 0 + 1 = 1.
TEST(Graded, PerceptronUpdateFalsePositive) {
    Perceptron p = make(0, 0, 0);
    EXPECT_TRUE(perceptron_update(p, Eigen::Vector2f(1, 1), 0.0f, 1.0f))
        << GRADED_HINT("return true when the sample was a mistake (ŷ != y)");
    EXPECT_FLOAT_EQ(p.w(0), -1.0f)
        << GRADED_HINT("ŷ = step(0) = 1 and y = 0, so y − ŷ = −1: w ← w + η(y − ŷ)x moves away "
                       "from x");
    EXPECT_FLOAT_EQ(p.w(1), -1.0f);
    EXPECT_FLOAT_EQ(p.theta, 1.0f)
        << GRADED_HINT("θ moves the other way: θ ← θ − η(y − ŷ) = 0 − 1·(−1) = 1");
}

// A missed positive with η = 0.5: w = (0.5, −1), θ = 0.25, x = (1, 2), y = 1.
// z = 0.5 − 2 − 0.25 = −1.75 → ŷ = 0, y − ŷ = 1: w = (0.5 + 0.5, −1 + 1) = (1, 0), θ = −0.25.
TEST(Graded, PerceptronUpdateFalseNegative) {
    Perceptron p = make(0.5f, -1.0f, 0.25f);
    EXPECT_TRUE(perceptron_update(p, Eigen::Vector2f(1, 2), 1.0f, 0.5f));
    EXPECT_FLOAT_EQ(p.w(0), 1.0f) << GRADED_HINT("the step is scaled by the learning rate η = 0.5");
    EXPECT_FLOAT_EQ(p.w(1), 0.0f);
    EXPECT_FLOAT_EQ(p.theta, -0.25f);
}

// Right answers change nothing: the lecture's AND on (1, 1) → 1 and on (0, 1) → 0.
TEST(Graded, PerceptronUpdateRightAnswerChangesNothing) {
    Perceptron p = make(1, 1, 2);
    EXPECT_FALSE(perceptron_update(p, Eigen::Vector2f(1, 1), 1.0f, 0.7f))
        << GRADED_HINT("a right answer (ŷ == y) changes nothing and returns false");
    EXPECT_FALSE(perceptron_update(p, Eigen::Vector2f(0, 1), 0.0f, 0.7f));
    EXPECT_EQ(p.w(0), 1.0f);
    EXPECT_EQ(p.w(1), 1.0f);
    EXPECT_EQ(p.theta, 2.0f);
}

// Three features and η = 0.1: w = (0.2, −0.4, 0), θ = 0.1, x = (1, 0.5, −2), y = 1.
// z = 0.2 − 0.2 + 0 − 0.1 = −0.1 → ŷ = 0: w += 0.1·(1, 0.5, −2) = (0.3, −0.35, −0.2),
// θ = 0.1 − 0.1 = 0.
TEST(Graded, PerceptronUpdateThreeFeatures) {
    Perceptron p;
    p.w = Eigen::Vector3f(0.2f, -0.4f, 0.0f);
    p.theta = 0.1f;
    EXPECT_TRUE(perceptron_update(p, Eigen::Vector3f(1.0f, 0.5f, -2.0f), 1.0f, 0.1f));
    EXPECT_NEAR(p.w(0), 0.3f, 1e-6);
    EXPECT_NEAR(p.w(1), -0.35f, 1e-6);
    EXPECT_NEAR(p.w(2), -0.2f, 1e-6);
    EXPECT_NEAR(p.theta, 0.0f, 1e-6);
}

// The first epoch of AND from zero (η = 1), sample by sample:
// (0,0) y=0: z = 0 → ŷ = 1, θ = 1;  (0,1) y=0: z = −1, right;  (1,0) y=0: right;
// (1,1) y=1: z = −1 → ŷ = 0, w = (1, 1), θ = 0.
TEST(Graded, PerceptronUpdateFirstEpochOfAnd) {
    Perceptron p = make(0, 0, 0);
    EXPECT_TRUE(perceptron_update(p, Eigen::Vector2f(0, 0), 0.0f, 1.0f));
    EXPECT_FLOAT_EQ(p.theta, 1.0f);
    EXPECT_FALSE(perceptron_update(p, Eigen::Vector2f(0, 1), 0.0f, 1.0f));
    EXPECT_FALSE(perceptron_update(p, Eigen::Vector2f(1, 0), 0.0f, 1.0f));
    EXPECT_TRUE(perceptron_update(p, Eigen::Vector2f(1, 1), 1.0f, 1.0f));
    EXPECT_FLOAT_EQ(p.w(0), 1.0f);
    EXPECT_FLOAT_EQ(p.w(1), 1.0f);
    EXPECT_FLOAT_EQ(p.theta, 0.0f);
}

TEST(Graded, PerceptronUpdateRejectsMismatchedSizes) {
    Perceptron p = make(0, 0, 0);
    GRADED_EXPECT_INPUT_ERROR(perceptron_update(p, Eigen::Vector3f(1, 1, 1), 1.0f, 1.0f),
                              "w of size 2 and x of size 3");
}

}  // namespace
