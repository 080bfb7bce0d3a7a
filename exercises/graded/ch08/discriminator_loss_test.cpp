// Graded: ch08.discriminator_loss. The header's examples, a perfect discriminator at logits of
// ±1000 (the stable forms: no NaN, no infinity), batches of different sizes, and the gradients
// against two-sided differences of J_D (double, relative error ≤ 1e-7).
#include <cmath>

#include "exercises/ch08.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

namespace {
MatrixD row(std::initializer_list<double> v) {
    MatrixD a(1, Eigen::Index(v.size()));
    Eigen::Index j = 0;
    for (double x : v) a(0, j++) = x;
    return a;
}
}  // namespace

TEST(Graded, DiscriminatorLossHeaderExample) {
    MatrixD dr, df;
    const double J = discriminator_loss(row({0}), row({0}), dr, df);
    EXPECT_NEAR(J, 2 * std::log(2.0), 1e-12);
    ASSERT_EQ(dr.rows(), 1);
    ASSERT_EQ(dr.cols(), 1);
    ASSERT_EQ(df.cols(), 1);
    EXPECT_NEAR(dr(0, 0), -0.5, 1e-12);
    EXPECT_NEAR(df(0, 0), 0.5, 1e-12);
}

TEST(Graded, DiscriminatorLossPerfectDIsStable) {
    MatrixD dr, df;
    const double J = discriminator_loss(row({1000, 800}), row({-1000}), dr, df);
    EXPECT_TRUE(std::isfinite(J)) << GRADED_HINT("log of a rounded σ(a) is −inf at a = ±1000: use softplus");
    EXPECT_NEAR(J, 0.0, 1e-12);
    EXPECT_NEAR(dr(0, 0), 0.0, 1e-12);
    EXPECT_NEAR(df(0, 0), 0.0, 1e-12);
    // The worst D: J = 1000 + 1000 (softplus(t) = t for large t), gradients −1/m_r and 1/m_f.
    const double Jw = discriminator_loss(row({-1000}), row({1000, 1000}), dr, df);
    EXPECT_NEAR(Jw, 2000.0, 1e-9);
    EXPECT_NEAR(dr(0, 0), -1.0, 1e-12);
    EXPECT_NEAR(df(0, 1), 0.5, 1e-12);
}

TEST(Graded, DiscriminatorLossHandValuesAndDifferentBatches) {
    // a_real = (ln 3, 0): σ = (3/4, 1/2); a_fake = (−ln 3): σ = 1/4.
    // J_D = (log(4/3) + log 2)/2 + log(4/3);  d_real = (−1/8, −1/4);  d_fake = (1/4).
    MatrixD dr, df;
    const double J = discriminator_loss(row({std::log(3.0), 0}), row({-std::log(3.0)}), dr, df);
    EXPECT_NEAR(J, (std::log(4.0 / 3) + std::log(2.0)) / 2 + std::log(4.0 / 3), 1e-12);
    ASSERT_EQ(dr.cols(), 2);
    ASSERT_EQ(df.cols(), 1);
    EXPECT_NEAR(dr(0, 0), -0.125, 1e-12) << GRADED_HINT("each half is divided by its own batch size");
    EXPECT_NEAR(dr(0, 1), -0.25, 1e-12);
    EXPECT_NEAR(df(0, 0), 0.25, 1e-12);
}

TEST(Graded, DiscriminatorLossMatchesTwoSidedDifferences) {
    Rng rng(5);
    MatrixD ar(1, 4), af(1, 3);
    for (Eigen::Index j = 0; j < 4; ++j) ar(0, j) = 2 * rng.normal();
    for (Eigen::Index j = 0; j < 3; ++j) af(0, j) = 2 * rng.normal();
    MatrixD dr, df, t1, t2;
    discriminator_loss(ar, af, dr, df);
    const double eps = 1e-6;
    for (int half = 0; half < 2; ++half) {
        MatrixD& a = half ? af : ar;
        const MatrixD& g = half ? df : dr;
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            const double s = a(0, j);
            a(0, j) = s + eps;
            const double jp = discriminator_loss(ar, af, t1, t2);
            a(0, j) = s - eps;
            const double jm = discriminator_loss(ar, af, t1, t2);
            a(0, j) = s;
            const double num = (jp - jm) / (2 * eps);
            EXPECT_LE(std::abs(num - g(0, j)) / (std::abs(num) + std::abs(g(0, j))), 1e-7)
                << (half ? "d_fake" : "d_real") << "(" << j << ")";
        }
    }
}

TEST(Graded, DiscriminatorLossRefusesEmptyOrNonRowBatches) {
    MatrixD dr, df;
    GRADED_EXPECT_INPUT_ERROR(discriminator_loss(MatrixD(1, 0), row({0}), dr, df), "discriminator_loss(MatrixD(1, 0), row({0}), dr, df)");
    GRADED_EXPECT_INPUT_ERROR(discriminator_loss(row({0}), MatrixD::Zero(2, 2), dr, df), "discriminator_loss(row({0}), MatrixD::Zero(2, 2), dr, df)");
}
