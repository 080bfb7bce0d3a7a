// Chapter 4's headline results: the shallow network on the flower, the gradient check of the
// deep network (and its broken variant), and the digits accuracy.
#include <filesystem>

#include "approximation.hpp"
#include "fold.hpp"
#include "gradcheck_demo.hpp"
#include "real_data.hpp"
#include "shallow.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {
std::string out_dir() {
    auto d = std::filesystem::temp_directory_path() / ("ch04_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d.string();
}
}  // namespace

TEST(Ch04, ShallowNetworkBeatsLogisticRegression) {
    const std::string out = out_dir();
    const ch04::ShallowResults r = ch04::run_shallow(1, true, out);
    EXPECT_GE(r.tanh4_accuracy, 0.90);
    EXPECT_LE(r.logistic_accuracy, 0.75);
    EXPECT_EQ(r.zero_init_max_w1, 0.0);        // W = 0 never moves
    EXPECT_EQ(r.const_init_row_spread, 0.0);   // identical units stay identical
    EXPECT_GT(r.random_init_row_spread, 0.1);
    EXPECT_TRUE(std::filesystem::exists(out + "/hidden_sizes.svg"));
    std::filesystem::remove_all(out);
}

// The ordering the page claims, on three seeds: with the same units, rate and steps, sigmoid
// has the highest cost after 1000 steps in the shallow net; in the deep net sigmoid's first
// layer gets a gradient thousands of times smaller than its last and J stays at ln 2, and ReLU
// is ahead of tanh after 300 steps.
TEST(Ch04, ActivationOrderingHoldsOnSeveralSeeds) {
    for (uint64_t seed : {1, 2, 3}) {
        dl::Rng rng(seed);
        const ch04::Points data = ch04::make_flower(200, rng);
        const auto runs = ch04::compare_activations(seed, data, 1000);
        ASSERT_EQ(runs.size(), 4u);
        ASSERT_EQ(runs[0].name, "sigmoid");
        for (std::size_t i = 1; i < runs.size(); ++i)
            EXPECT_GT(runs[0].cost_1000, runs[i].cost_1000 + 0.01) << "seed " << seed << ", " << runs[i].name;
        const auto deep = ch04::compare_deep(seed, data);
        ASSERT_EQ(deep.size(), 3u);
        ASSERT_EQ(deep[2].name, "relu");
        const auto& sg = deep[0].grad_norms;
        EXPECT_LT(sg.front(), 1e-2 * sg.back()) << "seed " << seed;           // vanishing
        EXPECT_GT(deep[2].grad_norms.front(), 0.1 * deep[2].grad_norms.back()) << "seed " << seed;
        EXPECT_GT(deep[0].cost_300, 0.69) << "seed " << seed;                 // ln 2: no progress
        EXPECT_LT(deep[2].cost_300, deep[1].cost_300) << "seed " << seed;     // ReLU before tanh
    }
}

// Universal approximation: the sigmoid staircase's error shrinks with N; the ReLU broken line's
// like 1/N² (20 → 100 units: about 25 times smaller).
TEST(Ch04, UniversalApproximationWithStepsAndRamps) {
    const std::string out = out_dir();
    const auto r = ch04::run_approximation(out);
    ASSERT_EQ(r.size(), 7u);
    for (std::size_t i = 1; i < 4; ++i) EXPECT_LT(r[i].max_error, r[i - 1].max_error);
    EXPECT_LT(r[3].max_error, 0.05);                // 100 sigmoid steps
    EXPECT_EQ(r[6].neurons, -100);
    EXPECT_LT(r[6].max_error, 0.002);               // 100 ReLUs
    EXPECT_GT(r[5].max_error / r[6].max_error, 15.0);
    std::filesystem::remove_all(out);
}

// Lecture 000: W = [1.5, 3.5] folds the plane at θ = π − arccos(1/√15.5) = 104.714354°.
TEST(Ch04, ReluFoldAngleIsTheLectures) {
    EXPECT_NEAR(ch04::fold_angle_degrees(1.5, 3.5), 104.714354, 5e-7);
    EXPECT_DOUBLE_EQ(ch04::fold_angle_degrees(0.0, 0.0), 180.0);   // w = 0: no fold
    EXPECT_NEAR(ch04::fold_angle_degrees(1.0, 0.0), 135.0, 1e-12);  // slope 1: 180° − 45°
}

// The lecture's 2-3-2 network separates the disc with its three folds, on three seeds.
TEST(Ch04, ThreeReluFoldsSeparateTheDisc) {
    const std::string out = out_dir();
    for (uint64_t seed : {1, 2, 3}) {
        const ch04::FoldResults r = ch04::run_folds(seed, out);
        EXPECT_NEAR(r.lecture_angle, 104.714354, 5e-7);
        EXPECT_GE(r.accuracy, 0.95) << "seed " << seed;
        ASSERT_EQ(r.fold_angles.size(), 3u);
        for (double a : r.fold_angles) {
            EXPECT_GT(a, 90.0);
            EXPECT_LT(a, 150.0) << "seed " << seed << ": a unit that barely folds";
        }
    }
    EXPECT_TRUE(std::filesystem::exists(out + "/relu_folds.svg"));
    std::filesystem::remove_all(out);
}

TEST(Ch04, GradientCheckPassesAndCatchesTheBug) {
    const ch04::GradCheckReport r = ch04::run_gradcheck(1);
    ASSERT_EQ(r.per_layer.size(), 4u);
    EXPECT_LE(r.max_rel_error, 1e-7);
    EXPECT_GT(r.broken_per_layer[0], 1e-3);
    EXPECT_LE(r.broken_per_layer[3], 1e-7);
}

TEST(Ch04, DigitsReachTheTarget) {
    ch04::TrainSettings s;
    s.data = "digits";
    s.hidden = {128, 64};
    s.epochs = 30;
    s.out = out_dir();
    const ch04::TrainReport r = ch04::run_training(s);
    EXPECT_GE(r.test_accuracy, 0.96);
    EXPECT_EQ(r.test_count, 359);
    std::filesystem::remove_all(s.out);
}
