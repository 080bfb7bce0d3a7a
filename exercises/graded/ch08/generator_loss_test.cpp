// Graded: ch08.generator_loss. The header's example for both losses, their behaviour where
// training starts (D confident, σ(a) ≈ 0: the minimax gradient vanishes, the non-saturating one
// does not), stability at ±1000, and the gradients against two-sided differences.
#include <cmath>

#include "exercises/ch08.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, GeneratorLossHeaderExample) {
    MatrixD a(1, 2), d;
    a << 0, std::log(3.0);
    EXPECT_NEAR(generator_loss(a, d, GeneratorLoss::Minimax), -(std::log(2.0) + std::log(4.0)) / 2, 1e-12);
    ASSERT_EQ(d.rows(), 1);
    ASSERT_EQ(d.cols(), 2);
    EXPECT_NEAR(d(0, 0), -0.25, 1e-12);
    EXPECT_NEAR(d(0, 1), -0.375, 1e-12);
    EXPECT_NEAR(generator_loss(a, d, GeneratorLoss::NonSaturating),
                (std::log(2.0) + std::log(4.0 / 3)) / 2, 1e-12);
    EXPECT_NEAR(d(0, 0), -0.25, 1e-12);
    EXPECT_NEAR(d(0, 1), -0.125, 1e-12);
}

TEST(Graded, GeneratorLossSaturatesOnlyInTheMinimaxForm) {
    MatrixD a(1, 1), d;
    a << -10;  // D is sure the sample is fake: σ(a) = 4.5e-5
    generator_loss(a, d, GeneratorLoss::Minimax);
    EXPECT_NEAR(d(0, 0), -1 / (1 + std::exp(10.0)), 1e-15)
        << GRADED_HINT("the minimax gradient is −σ(a)/m: it vanishes when D rejects the sample");
    generator_loss(a, d, GeneratorLoss::NonSaturating);
    EXPECT_NEAR(d(0, 0), -1 + 1 / (1 + std::exp(10.0)), 1e-12);
    a << -1000;
    EXPECT_NEAR(generator_loss(a, d, GeneratorLoss::NonSaturating), 1000.0, 1e-9);
    EXPECT_NEAR(d(0, 0), -1.0, 1e-12);
    EXPECT_NEAR(generator_loss(a, d, GeneratorLoss::Minimax), 0.0, 1e-12);
    a << 1000;
    EXPECT_NEAR(generator_loss(a, d, GeneratorLoss::Minimax), -1000.0, 1e-9);
    EXPECT_NEAR(d(0, 0), -1.0, 1e-12);
}

TEST(Graded, GeneratorLossMatchesTwoSidedDifferences) {
    Rng rng(6);
    MatrixD a(1, 5), d, t;
    for (Eigen::Index j = 0; j < 5; ++j) a(0, j) = 3 * rng.normal();
    for (GeneratorLoss kind : {GeneratorLoss::Minimax, GeneratorLoss::NonSaturating}) {
        generator_loss(a, d, kind);
        for (Eigen::Index j = 0; j < 5; ++j) {
            const double s = a(0, j), eps = 1e-6;
            a(0, j) = s + eps;
            const double jp = generator_loss(a, t, kind);
            a(0, j) = s - eps;
            const double jm = generator_loss(a, t, kind);
            a(0, j) = s;
            const double num = (jp - jm) / (2 * eps);
            EXPECT_LE(std::abs(num - d(0, j)) / (std::abs(num) + std::abs(d(0, j))), 1e-7)
                << (kind == GeneratorLoss::Minimax ? "minimax" : "non-saturating") << " d(" << j << ")";
        }
    }
}

TEST(Graded, GeneratorLossRefusesEmptyOrNonRowBatches) {
    MatrixD d;
    GRADED_EXPECT_INPUT_ERROR(generator_loss(MatrixD(1, 0), d, GeneratorLoss::NonSaturating), "generator_loss(MatrixD(1, 0), d, GeneratorLoss::NonSaturating)");
    GRADED_EXPECT_INPUT_ERROR(generator_loss(MatrixD::Zero(3, 1), d, GeneratorLoss::Minimax), "generator_loss(MatrixD::Zero(3, 1), d, GeneratorLoss::Minimax)");
}
