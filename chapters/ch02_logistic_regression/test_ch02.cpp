// Chapter 2: the accuracy targets on several seeds, metrics by hand, and the computation
// graph's derivatives against two-sided differences.
#include <cmath>

#include "computation_graph.hpp"
#include "core/eigen_view.hpp"
#include "data/breast_cancer.hpp"
#include "data/digits.hpp"
#include "logistic.hpp"
#include "classification_metrics.hpp"
#include "softmax_regression.hpp"
#include "test_util.hpp"

using namespace dl;

TEST(Ch02, MetricsByHand) {
    // truth 0 0 0 1 1, predicted 0 1 0 1 0: TP(0) = 2, FP(0) = 1, FN(0) = 1.
    ch02::Confusion c(2, {0, 0, 0, 1, 1}, {0, 1, 0, 1, 0});
    EXPECT_DOUBLE_EQ(c.accuracy(), 0.6);
    EXPECT_DOUBLE_EQ(c.precision(0), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(c.recall(0), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(c.f1(0), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(c.precision(1), 0.5);
    EXPECT_DOUBLE_EQ(c.recall(1), 0.5);
}

TEST(Ch02, ComputationGraphDerivatives) {
    const ch02::GraphValues g = ch02::computation_graph(1.5, -0.5, 0.8, 0.3, -0.2, 1.0);
    EXPECT_NEAR(g.z, 0.85, 1e-12);
    EXPECT_NEAR(g.a, 1.0 / (1.0 + std::exp(-0.85)), 1e-12);
    EXPECT_NEAR(g.dz, g.a - 1.0, 1e-12);
    EXPECT_LE(std::abs(g.dw1 - g.numeric_dw1) / (std::abs(g.dw1) + std::abs(g.numeric_dw1)), 1e-7);
}

// The accuracy targets must not depend on the default seed: the program's seed 1 and seeds 2, 3
// and 4 (./course seeds 2 reports seeds 1 to 5 on the chapter page).
class Ch02Seeds : public ::testing::TestWithParam<uint64_t> {};
INSTANTIATE_TEST_SUITE_P(Seed, Ch02Seeds, ::testing::Values(1, 2, 3, 4));

TEST_P(Ch02Seeds, BreastCancerTestAccuracyTarget) {
    // The program's defaults: stratified 80/20, standardised, alpha 0.5, 1000 iterations.
    const Dataset bc = load_breast_cancer(find_dataset_file("breast_cancer.csv"));
    Rng rng(GetParam());
    auto [train, test] = stratified_split(bc, 0.2, rng);
    const Standardizer s = Standardizer::fit(train.X);
    s.apply(train.X);
    s.apply(test.X);
    const auto model = ch02::train_logistic(to_eigen<double>(train.X), ch02::label_matrix(train.y),
                                            0.5, 1000);
    const ch02::Confusion c(2, test.y, model.predict(to_eigen<double>(test.X)));
    EXPECT_GE(c.accuracy(), 0.96);
}

TEST_P(Ch02Seeds, DigitsSoftmaxTestAccuracyTarget) {
    const Dataset d = load_digits(find_dataset_file("digits.csv.gz"));
    Rng rng(GetParam() + 1);  // the program splits the digits with seed + 1
    auto [train, test] = stratified_split(d, 0.2, rng);
    const Standardizer s = Standardizer::fit(train.X);
    s.apply(train.X);
    s.apply(test.X);
    const auto r = ch02::train_softmax(train.X, train.y, 10, 0.1, 30, 64, GetParam(), Device::CPU,
                                       false);
    const ch02::Confusion c(10, test.y, ch02::predict_softmax(r.model, test.X));
    EXPECT_GE(c.accuracy(), 0.95);
    EXPECT_LT(r.train_cost.back(), r.train_cost.front());
}
