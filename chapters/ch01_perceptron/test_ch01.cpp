/// @file test_ch01.cpp
/// @brief Chapter 1's tests: hand-computed neuron outputs, the perceptron rule on the truth
/// tables (converging on AND/OR/NAND, never on XOR), two-layer XOR, the 2-D points, and the
/// same forward pass on the GPU.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <vector>

#include "gates.hpp"
#include "io/atomic_file.hpp"
#include "learning.hpp"
#include "points.hpp"
#include "sign_perceptron.hpp"
#include "test_util.hpp"
#include "threshold_layer.hpp"
#include "truth_table.hpp"
#include "xor.hpp"

namespace {

using ch01::Gate;

TEST(Ch01, TruthTableInputsAreColumns) {
    const dl::Matrix X = ch01::truth_table_inputs();
    ASSERT_EQ(X.rows(), 2);
    ASSERT_EQ(X.cols(), 4);
    const float want[2][4] = {{0, 0, 1, 1}, {0, 1, 0, 1}};
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 4; ++j) EXPECT_EQ(X(i, j), want[i][j]) << "X(" << i << "," << j << ")";
}

// The threshold layer by hand: W = [[1, 1], [2, -1]], θ = (2, 0.5), X = the truth table.
// Z = W·X − θ: row 0 = (−2, −1, −1, 0), row 1 = (−0.5, −1.5, 1.5, 0.5); step(Z) fires at Z ≥ 0.
TEST(Ch01, ThresholdLayerHandComputed) {
    dl::Matrix W(2, 2);
    W << 1, 1, 2, -1;
    const ch01::ThresholdLayer layer =
        ch01::make_threshold_layer(W, Eigen::Vector2f(2.0f, 0.5f), dl::Device::CPU);
    EXPECT_EQ(layer.b.values(), (std::vector<double>{-2.0, -0.5}));  // b = −θ
    const dl::Matrix A =
        dl::to_eigen<float>(ch01::threshold_forward(layer, dl::from_eigen(ch01::truth_table_inputs())));
    dl::Matrix want(2, 4);
    want << 0, 0, 0, 1,
            0, 0, 1, 1;
    EXPECT_EQ(A, want);
}

// The convention at 0 (the page): step(0) = 1, so the lecture's AND (w = 1, 1, θ = 2) fires on
// (1, 1), where the sum equals θ exactly; under lecture 001's strict "> 0" it would not.
TEST(Ch01, StepFiresAtZeroSoLectureAndHolds) {
    dl::Matrix W(1, 2);
    W << 1, 1;
    const ch01::ThresholdLayer layer =
        ch01::make_threshold_layer(W, Eigen::VectorXf::Constant(1, 2.0f), dl::Device::CPU);
    dl::Matrix X(2, 1);
    X << 1, 1;  // z = 1 + 1 − 2 = 0
    const dl::Matrix A = dl::to_eigen<float>(ch01::threshold_forward(layer, dl::from_eigen(X)));
    EXPECT_EQ(A(0, 0), 1.0f);
    EXPECT_FALSE(1.0f + 1.0f - 2.0f > 0.0f);  // the strict convention would answer 0 here
}

TEST(Ch01, ThresholdLayerRejectsMismatchedThresholds) {
    dl::Matrix W(2, 2);
    W.setOnes();
    EXPECT_THROW(ch01::make_threshold_layer(W, Eigen::Vector3f(1, 2, 3), dl::Device::CPU),
                 dl::Error);
}

TEST(Ch01, LectureGatesGiveTheirTruthTables) {
    const auto gates = ch01::lecture_gates();
    ASSERT_EQ(gates.size(), 4u);
    // The lecture's AND: w1 = w2 = 1, θ = 2; its NOT: w1 = −0.6, w2 = 0, θ = −0.5.
    EXPECT_EQ(gates[0].name, "AND");
    EXPECT_EQ(gates[0].w1, 1.0f);
    EXPECT_EQ(gates[0].w2, 1.0f);
    EXPECT_EQ(gates[0].theta, 2.0f);
    EXPECT_EQ(gates[2].w1, -0.6f);
    EXPECT_EQ(gates[2].theta, -0.5f);
    const dl::Matrix A = ch01::evaluate_gates(gates, dl::Device::CPU);
    dl::Matrix want(4, 4);
    want << 0, 0, 0, 1,   // AND
            0, 1, 1, 1,   // OR
            1, 1, 0, 0,   // NOT x1
            1, 1, 1, 0;   // NAND
    EXPECT_EQ(A, want);
    EXPECT_EQ(ch01::evaluate_gates_one_by_one(gates), want);
}

// AND from w = 0, θ = 0 with η = 1, inputs in order (hand-traced):
// epoch 1: (0,0) fires at z = 0 → θ = 1; (1,1) misses → w = (1,1), θ = 0          2 mistakes
// epoch 2: (0,0) → θ = 1; (0,1) → w = (1,0), θ = 2; (1,1) → w = (2,1), θ = 1       3
// epoch 3: (0,1) → w = (2,0), θ = 2; (1,0) → w = (1,0), θ = 3; (1,1) → w = (2,1), θ = 2   3
// epoch 4: (1,0) → w = (1,1), θ = 3; (1,1) → w = (2,2), θ = 2                      2
// epoch 5: (0,1) → w = (2,1), θ = 3                                                 1
// epoch 6: no mistake: converged with w = (2,1), θ = 3.
TEST(Ch01, RuleLearnsAndInSixEpochsHandTraced) {
    const ch01::TrainResult r = ch01::train_perceptron(ch01::truth_table_inputs(),
                                                       ch01::gate("AND").Y, 1.0f, 100,
                                                       dl::Device::CPU);
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.epochs, 6);
    EXPECT_EQ(r.mistakes, (std::vector<int>{2, 3, 3, 2, 1, 0}));
    EXPECT_EQ(r.p.w(0), 2.0f);
    EXPECT_EQ(r.p.w(1), 1.0f);
    EXPECT_EQ(r.p.theta, 3.0f);
    EXPECT_EQ(r.accuracy, 1.0);
}

// OR by hand, η = 1: epochs make 2, 2, 1, 0 mistakes and stop at w = (1, 1), θ = 1.
TEST(Ch01, RuleLearnsOrHandTraced) {
    const ch01::TrainResult r = ch01::train_perceptron(
        ch01::truth_table_inputs(), ch01::gate("OR").Y, 1.0f, 100, dl::Device::CPU);
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.mistakes, (std::vector<int>{2, 2, 1, 0}));
    EXPECT_EQ(r.p.w(0), 1.0f);
    EXPECT_EQ(r.p.w(1), 1.0f);
    EXPECT_EQ(r.p.theta, 1.0f);
}

TEST(Ch01, RuleConvergesOnAndOrNandForSeveralRates) {
    for (const char* name : {"AND", "OR", "NAND"})
        for (float eta : {1.0f, 0.5f, 0.1f, 0.03f}) {
            const ch01::TrainResult r = ch01::train_perceptron(
                ch01::truth_table_inputs(), ch01::gate(name).Y, eta, 1000, dl::Device::CPU);
            EXPECT_TRUE(r.converged) << name << " eta " << eta;
            EXPECT_LT(r.epochs, 50) << name << " eta " << eta;
            EXPECT_EQ(r.accuracy, 1.0) << name << " eta " << eta;
            EXPECT_EQ(r.mistakes.back(), 0);
        }
}

TEST(Ch01, RuleNeverConvergesOnXor) {
    const ch01::TrainResult r = ch01::train_perceptron(
        ch01::truth_table_inputs(), ch01::gate("XOR").Y, 1.0f, 2000, dl::Device::CPU);
    EXPECT_FALSE(r.converged);
    EXPECT_EQ(r.epochs, 2000);
    ASSERT_EQ(r.mistakes.size(), 2000u);
    for (int m : r.mistakes) ASSERT_GE(m, 1);
    // No line gets all four right; the best one gets three.
    EXPECT_LE(r.accuracy, 0.75);
    EXPECT_NE(ch01::xor_not_separable_argument().find("not linearly separable"),
              std::string::npos);
}

TEST(Ch01, EpochLimitStopsTraining) {
    const ch01::TrainResult r = ch01::train_perceptron(
        ch01::truth_table_inputs(), ch01::gate("AND").Y, 1.0f, 3, dl::Device::CPU);
    EXPECT_FALSE(r.converged);
    EXPECT_EQ(r.epochs, 3);
    EXPECT_THROW(ch01::train_perceptron(ch01::truth_table_inputs(), ch01::gate("AND").Y, 1.0f, 0,
                                        dl::Device::CPU),
                 dl::Error);
}

TEST(Ch01, TwoLayerXorIsExact) {
    const dl::Matrix out = ch01::xor_two_layer_forward(dl::Device::CPU);
    dl::Matrix want(3, 4);
    want << 1, 1, 1, 0,   // h1 = NAND
            0, 1, 1, 1,   // h2 = OR
            0, 1, 1, 0;   // y = AND(h1, h2) = XOR
    EXPECT_EQ(out, want);
}

TEST(Ch01, GeneratedPointsAreSeparatedWithAGap) {
    dl::Rng rng(3);
    const ch01::Points pts = ch01::make_separable_points(300, 0.1, rng);
    ASSERT_EQ(pts.X.rows(), 2);
    ASSERT_EQ(pts.X.cols(), 300);
    int ones = 0;
    for (Eigen::Index j = 0; j < 300; ++j) {
        const double d = pts.a * pts.X(0, j) + pts.b * pts.X(1, j) + pts.c;
        EXPECT_GE(std::abs(d), 0.1 - 1e-6);
        EXPECT_EQ(pts.Y(j), d >= 0 ? 1.0f : 0.0f);
        EXPECT_LE(std::abs(pts.X(0, j)), 1.0f);
        EXPECT_LE(std::abs(pts.X(1, j)), 1.0f);
        ones += pts.Y(j) == 1.0f;
    }
    EXPECT_GT(ones, 30);  // both classes well represented
    EXPECT_LT(ones, 270);
    dl::Rng again(3);
    EXPECT_EQ(ch01::make_separable_points(300, 0.1, again).X, pts.X);  // same seed, same points
}

TEST(Ch01, PerceptronSeparatesGeneratedPoints) {
    for (uint64_t seed : {1u, 2u, 5u, 42u}) {
        dl::Rng rng(seed);
        const ch01::Points pts = ch01::make_separable_points(200, 0.1, rng);
        const ch01::TrainResult r = ch01::train_perceptron(pts.X, pts.Y, 1.0f, 1000,
                                                           dl::Device::CPU);
        EXPECT_TRUE(r.converged) << "seed " << seed;
        EXPECT_EQ(r.accuracy, 1.0) << "seed " << seed;
        // Every point on its own side of the learned line w·x = θ.
        for (Eigen::Index j = 0; j < pts.X.cols(); ++j) {
            const float z = r.p.w.dot(pts.X.col(j)) - r.p.theta;
            EXPECT_EQ(z >= 0 ? 1.0f : 0.0f, pts.Y(j)) << "seed " << seed << " point " << j;
        }
    }
}

TEST(Ch01, PointsCsvIsReadAndBadFilesAreNamed) {
    namespace fs = std::filesystem;
    const std::string dir = (fs::temp_directory_path() / "dl_ch01_test").string();
    fs::create_directories(dir);
    const std::string good = dl::join_path(dir, "good.csv");
    dl::write_file_atomic(good, "x1,x2,label\n0.5,1,1\n-2,0.25,0\n");
    const ch01::Points pts = ch01::load_points_csv(good);
    ASSERT_EQ(pts.X.cols(), 2);
    EXPECT_EQ(pts.X(0, 1), -2.0f);
    EXPECT_EQ(pts.X(1, 0), 1.0f);
    EXPECT_EQ(pts.Y(0), 1.0f);
    EXPECT_EQ(pts.Y(1), 0.0f);

    const std::string bad = dl::join_path(dir, "bad.csv");
    dl::write_file_atomic(bad, "0,0,1\n1,1,2\n");
    try {
        ch01::load_points_csv(bad);
        ADD_FAILURE() << "a label of 2 was accepted";
    } catch (const dl::Error& e) {
        EXPECT_NE(std::string(e.what()).find("bad.csv:2"), std::string::npos) << e.what();
    }
    dl::write_file_atomic(bad, "0,0,1\n1,x,0\n");
    EXPECT_THROW(ch01::load_points_csv(bad), dl::Error);
    dl::write_file_atomic(bad, "");
    EXPECT_THROW(ch01::load_points_csv(bad), dl::Error);
    EXPECT_THROW(ch01::load_points_csv(dl::join_path(dir, "missing.csv")), dl::Error);
    fs::remove_all(dir);
}

// The batched forward on the GPU gives the same 0/1 outputs as on the CPU.
TEST(Ch01Cuda, GatesAndTwoLayerXorOnGpu) {
    DL_REQUIRE_CUDA();
    const auto gates = ch01::lecture_gates();
    EXPECT_EQ(ch01::evaluate_gates(gates, dl::Device::CUDA),
              ch01::evaluate_gates(gates, dl::Device::CPU));
    EXPECT_EQ(ch01::xor_two_layer_forward(dl::Device::CUDA),
              ch01::xor_two_layer_forward(dl::Device::CPU));
    dl::Rng rng(9);
    const ch01::Points pts = ch01::make_separable_points(257, 0.1, rng);
    const ch01::TrainResult r =
        ch01::train_perceptron(pts.X, pts.Y, 1.0f, 1000, dl::Device::CUDA);
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.accuracy, 1.0);
    EXPECT_EQ(ch01::perceptron_accuracy(r.p, pts.X, pts.Y, dl::Device::CUDA),
              ch01::perceptron_accuracy(r.p, pts.X, pts.Y, dl::Device::CPU));
}

}  // namespace

// Lecture 000's ±1 perceptron (sign, w ← w + η·t·x) and the course's {0, 1} one (step,
// w ← w + η·(y − ŷ)·x) make the same mistakes and learn the same w and θ, on several seeds.
TEST(Ch01, SignPerceptronIsTheStepPerceptron) {
    for (uint64_t seed : {1, 2, 3}) {
        dl::Rng rng(seed);
        const ch01::Points pts = ch01::make_separable_points(100, 0.1, rng);
        const auto a = ch01::train_perceptron(pts.X, pts.Y, 1.0f, 100, dl::Device::CPU);
        const auto b = ch01::train_sign_perceptron(pts.X, ch01::to_pm1(pts.Y), 1.0f, 100,
                                                   dl::Device::CPU);
        ASSERT_TRUE(a.converged) << "seed " << seed;
        EXPECT_TRUE(b.converged) << "seed " << seed;
        EXPECT_EQ(a.mistakes, b.mistakes) << "seed " << seed;
        EXPECT_EQ(a.p.w, b.p.w) << "seed " << seed;
        EXPECT_EQ(a.p.theta, b.p.theta) << "seed " << seed;
        EXPECT_EQ(b.accuracy, 1.0) << "seed " << seed;
    }
    // t = 2y − 1
    Eigen::RowVectorXf y(3);
    y << 0, 1, 1;
    const Eigen::RowVectorXf t = ch01::to_pm1(y);
    EXPECT_EQ(t(0), -1.0f);
    EXPECT_EQ(t(1), 1.0f);
}
