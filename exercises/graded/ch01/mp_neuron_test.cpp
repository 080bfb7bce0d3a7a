/// @file mp_neuron_test.cpp
/// @brief Graded test of exercise ch01.mp_neuron: y = f(Σᵢ wᵢxᵢ − θ), f = step.
#include "exercises/ch01.hpp"
#include "graded.hpp"

namespace {

using dl::exercises::mp_neuron;

Eigen::VectorXf v(std::initializer_list<float> xs) {
    Eigen::VectorXf r(static_cast<Eigen::Index>(xs.size()));
    Eigen::Index i = 0;
    for (float x : xs) r(i++) = x;
    return r;
}

// The lecture's AND: w1 = w2 = 1, θ = 2. z = x1 + x2 − 2 is −2, −1, −1, 0.
TEST(Graded, MpNeuronLectureAnd) {
    EXPECT_EQ(mp_neuron(v({1, 1}), 2.0f, v({0, 0})), 0.0f);
    EXPECT_EQ(mp_neuron(v({1, 1}), 2.0f, v({0, 1})), 0.0f);
    EXPECT_EQ(mp_neuron(v({1, 1}), 2.0f, v({1, 0})), 0.0f);
    EXPECT_EQ(mp_neuron(v({1, 1}), 2.0f, v({1, 1})), 1.0f)  // z = 0 fires: f(0) = 1
        << GRADED_HINT("z = 1 + 1 − 2 = 0 must fire: f(z) = 1 for z >= 0, not only z > 0");
}

// The lecture's NOT: w1 = −0.6, w2 = 0, θ = −0.5. x1 = 0: z = 0.5 → 1; x1 = 1: z = −0.1 → 0.
TEST(Graded, MpNeuronLectureNot) {
    EXPECT_EQ(mp_neuron(v({-0.6f, 0}), -0.5f, v({0, 0})), 1.0f)
        << GRADED_HINT("z = 0 − (−0.5) = 0.5: the threshold is subtracted, z = w·x − θ");
    EXPECT_EQ(mp_neuron(v({-0.6f, 0}), -0.5f, v({0, 1})), 1.0f);
    EXPECT_EQ(mp_neuron(v({-0.6f, 0}), -0.5f, v({1, 0})), 0.0f);
    EXPECT_EQ(mp_neuron(v({-0.6f, 0}), -0.5f, v({1, 1})), 0.0f);
}

// Three inputs, real-valued: w = (2, −1, 0.5), θ = 1.
// x = (1, 1, 1): 2 − 1 + 0.5 − 1 = 0.5 → 1;  x = (0, 1, 1): −1 + 0.5 − 1 = −1.5 → 0;
// x = (0.5, 0, 0): 1 − 1 = 0 → 1;  x = (0.25, 0, 0): 0.5 − 1 = −0.5 → 0.
TEST(Graded, MpNeuronThreeInputs) {
    const Eigen::VectorXf w = v({2, -1, 0.5f});
    EXPECT_EQ(mp_neuron(w, 1.0f, v({1, 1, 1})), 1.0f)
        << GRADED_HINT("sum over all n inputs (w.dot(x)), not a fixed two");
    EXPECT_EQ(mp_neuron(w, 1.0f, v({0, 1, 1})), 0.0f);
    EXPECT_EQ(mp_neuron(w, 1.0f, v({0.5f, 0, 0})), 1.0f);
    EXPECT_EQ(mp_neuron(w, 1.0f, v({0.25f, 0, 0})), 0.0f);
}

// The threshold is subtracted: with θ = −3 a neuron fires on z = −2 + 3 = 1 and with θ = 3 not.
TEST(Graded, MpNeuronThresholdSign) {
    EXPECT_EQ(mp_neuron(v({-1, -1}), -3.0f, v({1, 1})), 1.0f)
        << GRADED_HINT("z = w·x − θ = −2 + 3 = 1: subtract θ, do not add it");
    EXPECT_EQ(mp_neuron(v({1, 1}), 3.0f, v({1, 1})), 0.0f)
        << GRADED_HINT("z = 2 − 3 = −1 < 0: the neuron stays silent");
    EXPECT_EQ(mp_neuron(v({4}), 0.0f, v({-0.001f})), 0.0f);
    EXPECT_EQ(mp_neuron(v({4}), 0.0f, v({0.0f})), 1.0f);
}

TEST(Graded, MpNeuronRejectsMismatchedSizes) {
    GRADED_EXPECT_INPUT_ERROR(mp_neuron(v({1, 1}), 2.0f, v({1, 1, 1})),
                              "w of size 2 and x of size 3");
}

}  // namespace
