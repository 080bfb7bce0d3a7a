/// @file gmm.cpp
/// @brief EM for a Gaussian mixture (see gmm.hpp), in double precision on Eigen.
#include "gmm.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace ch08 {

using dl::MatrixD;

namespace {

constexpr double kRidge = 1e-6;  // added to every Σ_k's diagonal

/// log Σ_k exp(v_k), without overflow.
double log_sum_exp(const double* v, int K) {
    double mx = -std::numeric_limits<double>::infinity();
    for (int k = 0; k < K; ++k) mx = std::max(mx, v[k]);
    if (!std::isfinite(mx)) return mx;
    double s = 0;
    for (int k = 0; k < K; ++k) s += std::exp(v[k] - mx);
    return mx + std::log(s);
}

/// L(i, k) = log φ_k + log N(x_i | μ_k, Σ_k).
MatrixD log_joint(const Gmm& g, const MatrixD& X) {
    MatrixD L(X.cols(), g.K());
    for (int k = 0; k < g.K(); ++k) {
        const std::vector<double> lg = log_gaussian(X, g.mu[k], g.sigma[k]);
        for (Eigen::Index i = 0; i < X.cols(); ++i) L(i, k) = std::log(g.phi[k]) + lg[std::size_t(i)];
    }
    return L;
}

}  // namespace

std::vector<double> log_gaussian(const MatrixD& X, const Eigen::VectorXd& mu,
                                 const Eigen::MatrixXd& sigma) {
    const Eigen::Index d = X.rows();
    const Eigen::LLT<Eigen::MatrixXd> llt(sigma);  // Σ = L·Lᵀ
    DL_CHECK(llt.info() == Eigen::Success, "log_gaussian: the covariance is not positive definite");
    const Eigen::MatrixXd Lm = llt.matrixL();
    double log_det = 0;  // log |Σ| = 2 Σ log L_ii
    for (Eigen::Index i = 0; i < d; ++i) log_det += 2 * std::log(Lm(i, i));
    const MatrixD diff = X.colwise() - mu;
    const MatrixD sol = llt.matrixL().solve(diff);  // L⁻¹(x − μ): its squared norm is the
    std::vector<double> out(std::size_t(X.cols()));  // Mahalanobis distance (x − μ)ᵀΣ⁻¹(x − μ)
    for (Eigen::Index i = 0; i < X.cols(); ++i)
        out[std::size_t(i)] = -0.5 * (double(d) * std::log(2 * M_PI) + log_det + sol.col(i).squaredNorm());
    return out;
}

double mean_log_likelihood(const Gmm& g, const MatrixD& X) {
    const MatrixD L = log_joint(g, X);
    double s = 0;
    for (Eigen::Index i = 0; i < X.cols(); ++i) {
        const Eigen::VectorXd row = L.row(i).transpose();
        s += log_sum_exp(row.data(), g.K());
    }
    return s / double(X.cols());
}

//! [em]
EmResult fit_gmm_em(const MatrixD& X, int K, dl::Rng& rng, int max_iter, double tol) {
    const Eigen::Index d = X.rows(), N = X.cols();
    DL_CHECK(K >= 1 && N >= K && d >= 1, "fit_gmm_em: need at least K = ", K, " samples, got ", N);
    EmResult r;
    Gmm& g = r.gmm;
    // Initialisation: k-means++ seeds as the means.
    std::vector<double> d2(std::size_t(N), std::numeric_limits<double>::infinity());
    Eigen::Index first = Eigen::Index(rng.below(uint64_t(N)));
    g.mu.push_back(X.col(first));
    while (int(g.mu.size()) < K) {
        double total = 0;
        for (Eigen::Index i = 0; i < N; ++i) {
            d2[std::size_t(i)] = std::min(d2[std::size_t(i)], (X.col(i) - g.mu.back()).squaredNorm());
            total += d2[std::size_t(i)];
        }
        double u = rng.uniform() * total;  // the next seed ∝ its squared distance
        Eigen::Index pick = N - 1;
        for (Eigen::Index i = 0; i < N; ++i)
            if ((u -= d2[std::size_t(i)]) <= 0) {
                pick = i;
                break;
            }
        g.mu.push_back(X.col(pick));
    }
    double spread = 0;
    for (Eigen::Index i = 0; i < N; ++i) {
        double best = std::numeric_limits<double>::infinity();
        for (const auto& m : g.mu) best = std::min(best, (X.col(i) - m).squaredNorm());
        spread += best / double(N * d);
    }
    spread = std::max(spread, 1e-4);
    g.sigma.assign(std::size_t(K), Eigen::MatrixXd::Identity(d, d) * spread);
    g.phi.assign(std::size_t(K), 1.0 / K);

    MatrixD gamma(N, K);
    double prev = -std::numeric_limits<double>::infinity();
    for (int it = 0; it < max_iter; ++it) {
        // E step: γ_ik = φ_k N(x_i | μ_k, Σ_k) / Σ_l φ_l N(x_i | μ_l, Σ_l), in log space.
        const MatrixD L = log_joint(g, X);
        double ll = 0;
        for (Eigen::Index i = 0; i < N; ++i) {
            const Eigen::VectorXd row = L.row(i).transpose();
            const double lse = log_sum_exp(row.data(), K);
            ll += lse;
            for (int k = 0; k < K; ++k) gamma(i, k) = std::exp(L(i, k) - lse);
        }
        ll /= double(N);
        r.log_likelihood.push_back(ll);  // of the parameters this E step used
        r.iterations = it + 1;
        if (ll - prev < tol) {
            r.converged = true;
            break;
        }
        prev = ll;
        // M step: the weighted means, covariances and shares.
        for (int k = 0; k < K; ++k) {
            const double Nk = std::max(gamma.col(k).sum(), 1e-12);
            g.mu[std::size_t(k)] = X * gamma.col(k) / Nk;
            const MatrixD diff = X.colwise() - g.mu[std::size_t(k)];
            g.sigma[std::size_t(k)] = (diff * gamma.col(k).asDiagonal() * diff.transpose()) / Nk +
                                      Eigen::MatrixXd::Identity(d, d) * kRidge;
            g.phi[std::size_t(k)] = Nk / double(N);
        }
    }
    return r;
}
//! [em]

MatrixD sample_gmm(const Gmm& g, int64_t n, dl::Rng& rng) {
    const Eigen::Index d = g.mu.at(0).size();
    std::vector<Eigen::MatrixXd> chol;
    for (const auto& s : g.sigma) chol.push_back(Eigen::LLT<Eigen::MatrixXd>(s).matrixL());
    MatrixD X(d, n);
    for (int64_t j = 0; j < n; ++j) {
        double u = rng.uniform();
        int k = g.K() - 1;
        for (int c = 0; c < g.K(); ++c)
            if ((u -= g.phi[std::size_t(c)]) <= 0) {
                k = c;
                break;
            }
        Eigen::VectorXd eps(d);
        for (Eigen::Index i = 0; i < d; ++i) eps(i) = rng.normal();
        X.col(j) = g.mu[std::size_t(k)] + chol[std::size_t(k)] * eps;
    }
    return X;
}

}  // namespace ch08
