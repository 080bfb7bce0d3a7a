// Graded: ch05.batchnorm_forward. The header's example, the normalised rows' mean 0 and
// variance σ²/(σ² + ε), γ and β applied per row, and bad input.
#include <cmath>

#include "core/rng.hpp"
#include "exercises/ch05.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, BatchNormForwardHeaderExample) {
    MatrixD Z(1, 2);
    Z << 1, 3;
    Eigen::VectorXd g(1), b(1);
    g << 2;
    b << 1;
    BatchNormCache cache;
    const MatrixD out = batchnorm_forward(Z, g, b, 0.0, cache);
    EXPECT_NEAR(out(0, 0), -1.0, 1e-15);
    EXPECT_NEAR(out(0, 1), 3.0, 1e-15);
    EXPECT_NEAR(cache.Z_hat(0, 0), -1.0, 1e-15);
    EXPECT_NEAR(cache.Z_hat(0, 1), 1.0, 1e-15);
    EXPECT_NEAR(cache.inv_std(0), 1.0, 1e-15);
}

TEST(Graded, BatchNormForwardNormalisesEveryRow) {
    Rng rng(4);
    const int n = 3, m = 9;
    MatrixD Z(n, m);
    for (int i = 0; i < n * m; ++i) Z.data()[i] = 5.0 * (i % n) + (1.0 + i % n) * rng.normal();
    Eigen::VectorXd g(n), b(n);
    g << 1.5, -0.5, 2.0;
    b << 0.1, 0.2, -3.0;
    const double eps = 1e-3;
    BatchNormCache cache;
    const MatrixD out = batchnorm_forward(Z, g, b, eps, cache);
    for (int i = 0; i < n; ++i) {
        // μ and σ² of the row, written out.
        double mu = 0, var = 0;
        for (int j = 0; j < m; ++j) mu += Z(i, j) / m;
        for (int j = 0; j < m; ++j) var += (Z(i, j) - mu) * (Z(i, j) - mu) / m;
        EXPECT_NEAR(cache.inv_std(i), 1.0 / std::sqrt(var + eps), 1e-12);
        for (int j = 0; j < m; ++j) {
            const double zhat = (Z(i, j) - mu) / std::sqrt(var + eps);
            EXPECT_NEAR(cache.Z_hat(i, j), zhat, 1e-12);
            EXPECT_NEAR(out(i, j), g(i) * zhat + b(i), 1e-12);
        }
        EXPECT_NEAR(cache.Z_hat.row(i).mean(), 0.0, 1e-12);
        EXPECT_NEAR(cache.Z_hat.row(i).squaredNorm() / m, var / (var + eps), 1e-12);
        EXPECT_EQ(cache.gamma(i), g(i));
    }
    Eigen::VectorXd short_g(2);
    GRADED_EXPECT_INPUT_ERROR(batchnorm_forward(Z, short_g, b, eps, cache),
                              "γ shorter than Z has rows");
}
