// Chapter 5's headline results, on short runs that fit the test budget and on several seeds:
// the overfitting setup's gap and what L2 and dropout do to it, the moons comparison, batch
// norm's speed-up, the gradient checks (L2 term, dropout with a fixed mask, batch norm), and
// the cheap 2-D sections. The full runs' figures are measured by the program itself (see the
// chapter page).
#include <omp.h>
#include <unistd.h>

#include <Eigen/Core>

#include <filesystem>

#include "nn/batchnorm.hpp"
#include "nn/dropout.hpp"
#include "nn/gradcheck.hpp"
#include "overfitting.hpp"
#include "sections.hpp"
#include "data/fashion_mnist.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {

/// A quick-mode environment writing its figures to a fresh temporary folder; Fashion-MNIST
/// when it is installed.
ch05::Env test_env(uint64_t seed) {
    Eigen::setNbThreads(1);  // as the program's --quick: CTest runs tests side by side
    omp_set_num_threads(1);
    ch05::Env env;
    env.seed = seed;
    env.quick = true;
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ch05_test_" + std::to_string(::getpid()) + "_" + std::to_string(seed));
    std::filesystem::create_directories(dir);
    env.out = dir.string();
    try {
        env.fashion_dir = find_fashion_mnist();
        env.have_fashion = true;
    } catch (const Error&) {
    }
    return env;
}

#define REQUIRE_FASHION(env)                                                                   \
    do {                                                                                       \
        if (!(env).have_fashion)                                                               \
            GTEST_SKIP() << "Fashion-MNIST is not installed (./course data installs it)";      \
    } while (0)

}  // namespace

TEST(Ch05, DiagnosesTheLecturesFourCases) {
    EXPECT_EQ(ch05::diagnose(0.01, 0.11, 0.0), "high variance (overfitting)");
    EXPECT_EQ(ch05::diagnose(0.15, 0.16, 0.0), "high bias (underfitting)");
    EXPECT_EQ(ch05::diagnose(0.15, 0.30, 0.0), "high bias and high variance");
    EXPECT_EQ(ch05::diagnose(0.005, 0.01, 0.0), "neither: low bias, low variance");
    EXPECT_EQ(ch05::diagnose(0.15, 0.16, 0.15), "neither: low bias, low variance");
}

// Target: the large network's dev-train gap is at least 10 points, and L2 and dropout each cut
// it at least in half. Quick setup (500 training and 500 dev images, 30 epochs), seeds 1-3.
TEST(Ch05, RegularizationHalvesTheOverfittingGap) {
    for (uint64_t seed : {1, 2, 3}) {
        ch05::Env env = test_env(seed);
        REQUIRE_FASHION(env);
        SCOPED_TRACE(testing::Message() << "seed " << seed);
        const auto split = ch05::fashion_split(env, 500, 500, 500, seed);
        const ch05::Overfit o = ch05::overfit_setup(env);
        const ch05::RunResult base = ch05::train_run(*split, o.big, o.train, env, seed);
        ch05::TrainSpec l2 = o.train;
        l2.l2_lambda = ch05::kTestLambda;
        const ch05::RunResult reg = ch05::train_run(*split, o.big, l2, env, seed);
        ch05::MlpSpec drop = o.big;
        drop.keep_prob = ch05::kTestKeepProb;
        const ch05::RunResult dr = ch05::train_run(*split, drop, o.train, env, seed);
        EXPECT_GE(base.gap(), 0.10);
        EXPECT_LE(reg.gap(), 0.5 * base.gap()) << "L2 λ = " << ch05::kTestLambda;
        EXPECT_LE(dr.gap(), 0.5 * base.gap()) << "keep_prob " << ch05::kTestKeepProb;
        std::filesystem::remove_all(env.out);
    }
}

// Target: Adam ≥ 0.93 test accuracy on the moons, gradient descent clearly behind after the
// same 5,000 epochs (the assignment's setting), seeds 1-3.
TEST(Ch05, MoonsAdamBeatsGradientDescent) {
    for (uint64_t seed : {1, 2, 3}) {
        const ch05::Env env = test_env(seed);
        const ch05::MoonsReport r = ch05::run_moons(env, 5000, false);
        EXPECT_GE(r.accuracy("Adam"), 0.93) << "seed " << seed;
        EXPECT_LE(r.accuracy("gradient descent"), r.accuracy("Adam") - 0.05) << "seed " << seed;
        std::filesystem::remove_all(env.out);
    }
}

// Target: with batch norm the deep sigmoid network reaches the dev accuracy target in at most a
// third of the epochs it needs without (quick setup; "not within the budget" counts as the
// budget + 1).
TEST(Ch05, BatchNormReachesTheTargetInAThirdOfTheEpochs) {
    const ch05::Env env = test_env(1);
    REQUIRE_FASHION(env);
    const ch05::BatchNormReport r = ch05::run_batchnorm(env);
    ASSERT_GT(r.epochs_bn, 0);
    const int plain = r.epochs_plain ? r.epochs_plain : r.budget + 1;
    EXPECT_LE(3 * r.epochs_bn, plain);
    EXPECT_LE(r.exercise_vs_layer, 1e-12);
    EXPECT_LE(r.exercise_backward_error, 1e-12);
    std::filesystem::remove_all(env.out);
}

// Targets: gradient checks ≤ 1e-7 for the L2 term, dropout with a fixed mask, batch norm.
TEST(Ch05, GradientChecksOfL2DropoutAndBatchNorm) {
    for (uint64_t seed : {1, 2, 3}) {
        EXPECT_LE(ch05::l2_gradient_check(seed), 1e-7) << "seed " << seed;
        nn::Dropout d(0.6);
        d.set_name("dropout1");
        EXPECT_LE(nn::gradcheck_layer(d, Shape::matrix(7, 9), seed, {true, seed, 3}).max_rel_error, 1e-7);
        nn::BatchNorm bn;
        bn.set_name("bn1");
        EXPECT_LE(nn::gradcheck_layer(bn, Shape::matrix(5, 11), seed, {true}).max_rel_error, 1e-7);
    }
    // A check that cannot fail is none: without the L2 term in the gradient, it fails.
    EXPECT_GT(ch05::l2_gradient_check(1, false), 1e-3);
}

TEST(Ch05, NormalizedInputsNeedFarFewerSteps) {
    const ch05::Env env = test_env(1);
    const ch05::NormalizationReport r = ch05::run_normalization(env);
    EXPECT_GT(r.raw_condition, 100.0);
    EXPECT_LT(r.normalized_condition, 2.0);
    ASSERT_GT(r.raw_steps, 0);
    ASSERT_GT(r.normalized_steps, 0);
    EXPECT_GT(r.raw_steps, 100 * r.normalized_steps);
    std::filesystem::remove_all(env.out);
}

TEST(Ch05, DeepNetworkGradientsVanishAndExplodeByInitialisation) {
    const ch05::Env env = test_env(1);
    const ch05::GradientsReport r = ch05::run_gradients(env);
    ASSERT_EQ(r.signal.size(), 4u);  // 0.01, Xavier, He, √(4/n)
    // The backward signal at layer 1 relative to layer 50: vanishing, vanishing, level, exploding.
    EXPECT_LT(r.signal[0][0] / r.signal[0][49], 1e-20);
    EXPECT_LT(r.signal[1][0] / r.signal[1][49], 1e-3);
    EXPECT_GT(r.signal[2][0] / r.signal[2][49], 0.05);
    EXPECT_LT(r.signal[2][0] / r.signal[2][49], 20.0);
    EXPECT_GT(r.signal[3][0] / r.signal[3][49], 1e3);
    std::filesystem::remove_all(env.out);
}

TEST(Ch05, EwmaAndOptimizersBehaveAsTheLectureSays) {
    const ch05::Env env = test_env(1);
    const ch05::EwmaReport e = ch05::run_ewma(env);
    EXPECT_LT(e.first_raw[0], 0.1 * e.first_corrected[0] + 1e-9);  // v_1 = 0.02·θ_1
    EXPECT_GT(e.lag_098, e.lag_09);                                   // larger β, later peak
    const ch05::OptimizersReport o = ch05::run_optimizers(env);
    auto steps = [](const std::vector<ch05::Trajectory>& ts, const std::string& prefix) {
        for (const auto& t : ts)
            if (t.name.rfind(prefix, 0) == 0) return t.steps_to_tolerance;
        return -1;
    };
    // The quadratic: momentum, Adagrad and Adam beat plain gradient descent.
    const int gd = steps(o.quadratic, "gradient descent");
    EXPECT_GT(gd, 0);
    for (const char* m : {"momentum", "Adagrad", "Adam"}) {
        EXPECT_GT(steps(o.quadratic, m), 0) << m;
        EXPECT_LT(steps(o.quadratic, m), gd) << m;
    }
    // Rosenbrock: Adam and momentum reach (1, 1) within the tolerance, faster than descent.
    EXPECT_GT(steps(o.rosenbrock, "Adam"), 0);
    EXPECT_LT(steps(o.rosenbrock, "Adam"), steps(o.rosenbrock, "gradient descent"));
    // Noisy gradients: every decay ends closer to the minimum than the constant rate.
    ASSERT_EQ(o.decay_final.size(), 4u);
    for (std::size_t k = 1; k < 4; ++k) EXPECT_LT(o.decay_final[k].second, o.decay_final[0].second);
    std::filesystem::remove_all(env.out);
}
