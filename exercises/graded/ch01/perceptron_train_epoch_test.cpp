/// @file perceptron_train_epoch_test.cpp
/// @brief Graded test of exercise ch01.perceptron_train_epoch: one pass of the rule over the
/// columns of X, in order, returning the number of mistakes.
#include <vector>

#include "exercises/ch01.hpp"
#include "graded.hpp"

namespace {

using dl::exercises::Perceptron;
using dl::exercises::perceptron_train_epoch;

dl::Matrix truth_table() {
    dl::Matrix X(2, 4);
    X << 0, 0, 1, 1,
         0, 1, 0, 1;
    return X;
}

Perceptron zero() {
    Perceptron p;
    p.w = Eigen::Vector2f::Zero();
    p.theta = 0.0f;
    return p;
}

// AND from w = 0, θ = 0, η = 1, traced by hand epoch by epoch (mistakes 2, 3, 3, 2, 1, 0):
//   after epoch 1: w = (1, 1), θ = 0     after epoch 2: w = (2, 1), θ = 1
//   after epoch 3: w = (2, 1), θ = 2     after epoch 4: w = (2, 2), θ = 2
//   after epoch 5: w = (2, 1), θ = 3     epoch 6 makes no mistake.
TEST(Graded, TrainEpochAndHandTraced) {
    const dl::Matrix X = truth_table();
    const Eigen::RowVectorXf Y = Eigen::RowVector4f(0, 0, 0, 1);
    Perceptron p = zero();
    const int want_mistakes[6] = {2, 3, 3, 2, 1, 0};
    const float want[6][3] = {{1, 1, 0}, {2, 1, 1}, {2, 1, 2}, {2, 2, 2}, {2, 1, 3}, {2, 1, 3}};
    for (int e = 0; e < 6; ++e) {
        EXPECT_EQ(perceptron_train_epoch(p, X, Y, 1.0f), want_mistakes[e])
            << "epoch " << e + 1 << "\n"
            << GRADED_HINT("return the number of samples on which perceptron_update() returned "
                           "true");
        EXPECT_FLOAT_EQ(p.w(0), want[e][0]) << "epoch " << e + 1;
        EXPECT_FLOAT_EQ(p.w(1), want[e][1]) << "epoch " << e + 1;
        EXPECT_FLOAT_EQ(p.theta, want[e][2]) << "epoch " << e + 1;
    }
}

// OR from zero with η = 1: mistakes 2, 2, 1, 0, ending at w = (1, 1), θ = 1.
TEST(Graded, TrainEpochOrConverges) {
    const dl::Matrix X = truth_table();
    const Eigen::RowVectorXf Y = Eigen::RowVector4f(0, 1, 1, 1);
    Perceptron p = zero();
    std::vector<int> mistakes;
    for (int e = 0; e < 4; ++e) mistakes.push_back(perceptron_train_epoch(p, X, Y, 1.0f));
    EXPECT_EQ(mistakes, (std::vector<int>{2, 2, 1, 0}));
    EXPECT_FLOAT_EQ(p.w(0), 1.0f);
    EXPECT_FLOAT_EQ(p.w(1), 1.0f);
    EXPECT_FLOAT_EQ(p.theta, 1.0f);
}

// The order of the samples matters: the same four samples, last column first, give another
// first epoch. X = [(1,1), (0,0), (0,1), (1,0)], Y = AND, from zero, η = 1:
// (1,1) y=1: z = 0 → 1 right; (0,0) y=0: z = 0 → 1, θ = 1; (0,1), (1,0): z = −1, right.
TEST(Graded, TrainEpochVisitsColumnsInOrder) {
    dl::Matrix X(2, 4);
    X << 1, 0, 0, 1,
         1, 0, 1, 0;
    const Eigen::RowVectorXf Y = Eigen::RowVector4f(1, 0, 0, 0);
    Perceptron p = zero();
    EXPECT_EQ(perceptron_train_epoch(p, X, Y, 1.0f), 1)
        << GRADED_HINT("visit the columns j = 0, 1, …, m − 1 in this order, one update each");
    EXPECT_FLOAT_EQ(p.w(0), 0.0f);
    EXPECT_FLOAT_EQ(p.w(1), 0.0f);
    EXPECT_FLOAT_EQ(p.theta, 1.0f);
}

// XOR: no epoch is ever free of mistakes.
TEST(Graded, TrainEpochXorAlwaysMakesMistakes) {
    const dl::Matrix X = truth_table();
    const Eigen::RowVectorXf Y = Eigen::RowVector4f(0, 1, 1, 0);
    Perceptron p = zero();
    for (int e = 0; e < 200; ++e)
        ASSERT_GE(perceptron_train_epoch(p, X, Y, 0.5f), 1)
            << "epoch " << e + 1 << "\n"
            << GRADED_HINT("XOR is not linearly separable: some sample is wrong in every epoch");
}

TEST(Graded, TrainEpochRejectsMismatchedSizes) {
    Perceptron p = zero();
    GRADED_EXPECT_INPUT_ERROR(
        perceptron_train_epoch(p, truth_table(), Eigen::RowVector3f(0, 0, 1), 1.0f),
        "X with 4 columns and Y with 3");
}

}  // namespace
