// Graded: ch05.batchnorm_backward. The header's example, then a gradient check: for
// J = Σ R ⊙ Z̃ with Z̃ the batch norm of Z (written out here, not with the exercise), dZ, dγ and
// dβ must match two-sided differences to the lecture's 1e-7.
#include <cmath>

#include "core/rng.hpp"
#include "exercises/ch05.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

namespace {

/// The batch norm of Z written out with loops: γ_i·(Z_ij − μ_i)/√(σ²_i + ε) + β_i.
MatrixD reference(const MatrixD& Z, const Eigen::VectorXd& g, const Eigen::VectorXd& b, double eps) {
    MatrixD out(Z.rows(), Z.cols());
    for (int i = 0; i < Z.rows(); ++i) {
        double mu = 0, var = 0;
        for (int j = 0; j < Z.cols(); ++j) mu += Z(i, j) / Z.cols();
        for (int j = 0; j < Z.cols(); ++j) var += (Z(i, j) - mu) * (Z(i, j) - mu) / Z.cols();
        for (int j = 0; j < Z.cols(); ++j) out(i, j) = g(i) * (Z(i, j) - mu) / std::sqrt(var + eps) + b(i);
    }
    return out;
}

double rel_error(const std::vector<double>& a, const std::vector<double>& e) {
    double d = 0, na = 0, ne = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        d += (a[i] - e[i]) * (a[i] - e[i]);
        na += a[i] * a[i];
        ne += e[i] * e[i];
    }
    return std::sqrt(d) / (std::sqrt(na) + std::sqrt(ne));
}

}  // namespace

TEST(Graded, BatchNormBackwardHeaderExample) {
    MatrixD Z(1, 2), dY(1, 2), dZ;
    Z << 1, 3;
    dY << 1, 0;
    Eigen::VectorXd g(1), b(1), dg, db;
    g << 2;
    b << 1;
    BatchNormCache cache;
    cache.Z_hat = MatrixD(1, 2);
    cache.Z_hat << -1, 1;
    cache.gamma = g;
    cache.inv_std = Eigen::VectorXd::Ones(1);
    batchnorm_backward(dY, cache, dZ, dg, db);
    EXPECT_NEAR(db(0), 1.0, 1e-15);
    EXPECT_NEAR(dg(0), -1.0, 1e-15);
    EXPECT_NEAR(dZ(0, 0), 0.0, 1e-15);
    EXPECT_NEAR(dZ(0, 1), 0.0, 1e-15);
}

TEST(Graded, BatchNormBackwardMatchesTwoSidedDifferences) {
    Rng rng(12);
    const int n = 4, m = 7;
    const double eps = 1e-5;
    MatrixD Z(n, m), R(n, m);
    Eigen::VectorXd g(n), b(n);
    for (int i = 0; i < n * m; ++i) Z.data()[i] = 2.0 + 3.0 * rng.normal(), R.data()[i] = rng.normal();
    for (int i = 0; i < n; ++i) g(i) = 1.0 + 0.3 * rng.normal(), b(i) = 0.3 * rng.normal();
    // The cache as batchnorm_forward fills it, computed here (so this test needs only yours).
    BatchNormCache cache;
    cache.gamma = g;
    cache.inv_std.resize(n);
    cache.Z_hat.resize(n, m);
    for (int i = 0; i < n; ++i) {
        const double mu = Z.row(i).mean();
        const double var = (Z.row(i).array() - mu).square().mean();
        cache.inv_std(i) = 1.0 / std::sqrt(var + eps);
        cache.Z_hat.row(i) = (Z.row(i).array() - mu) * cache.inv_std(i);
    }
    MatrixD dZ;
    Eigen::VectorXd dg, db;
    batchnorm_backward(R, cache, dZ, dg, db);
    ASSERT_EQ(dZ.rows(), n);
    ASSERT_EQ(dZ.cols(), m);
    auto J = [&](const MatrixD& z, const Eigen::VectorXd& gg, const Eigen::VectorXd& bb) {
        return (R.array() * reference(z, gg, bb, eps).array()).sum();
    };
    const double h = 1e-6;
    std::vector<double> az, ez, ag, eg, ab, eb;
    for (int i = 0; i < n * m; ++i) {
        MatrixD zp = Z, zm = Z;
        zp.data()[i] += h;
        zm.data()[i] -= h;
        az.push_back((J(zp, g, b) - J(zm, g, b)) / (2 * h));
        ez.push_back(dZ.data()[i]);
    }
    for (int i = 0; i < n; ++i) {
        Eigen::VectorXd gp = g, gm = g, bp = b, bm = b;
        gp(i) += h, gm(i) -= h, bp(i) += h, bm(i) -= h;
        ag.push_back((J(Z, gp, b) - J(Z, gm, b)) / (2 * h));
        eg.push_back(dg(i));
        ab.push_back((J(Z, g, bp) - J(Z, g, bm)) / (2 * h));
        eb.push_back(db(i));
    }
    EXPECT_LE(rel_error(az, ez), 1e-7) << "dZ";
    EXPECT_LE(rel_error(ag, eg), 1e-7) << "dγ";
    EXPECT_LE(rel_error(ab, eb), 1e-7) << "dβ";
}
