/// @file gmm.hpp
/// @brief The density-model baseline: a Gaussian mixture (混合高斯模型) fitted by EM to the same
/// ring data, as lecture 003 reviews it.
///
///     P(x | Θ) = Σ_k φ_k N(x | μ_k, Σ_k)
///
/// EM (期望最大化) alternates two steps until the log-likelihood stops rising:
///
///     E step:  γ_ik = φ_k N(x_i | μ_k, Σ_k) / Σ_l φ_l N(x_i | μ_l, Σ_l)      (responsibilities)
///     M step:  μ_k = Σ_i γ_ik x_i / Σ_i γ_ik
///              Σ_k = Σ_i γ_ik (x_i − μ_k)(x_i − μ_k)ᵀ / Σ_i γ_ik
///              φ_k = Σ_i γ_ik / N
///
/// The E step runs in log space (log-sum-exp over k), so points far from every component —
/// with densities that underflow to 0 — still get responsibilities; Σ_k gets a small ridge
/// (1e-6·I) so a component that shrinks onto one point stays invertible. The means start at K
/// data points chosen k-means++ style (each next one with probability ∝ its squared distance
/// to the nearest chosen), every Σ_k at the mean squared distance to those, φ_k at 1/K.
///
/// Unlike a GAN, EM maximises the likelihood of the data, which punishes a model that misses a
/// mode without bound: a mixture with too few components *covers* every mode and smears its
/// mass between them (few sharp samples), where a GAN *drops* modes and keeps its samples sharp.
#pragma once

#include <vector>

#include "core/eigen_view.hpp"
#include "core/rng.hpp"

namespace ch08 {

struct Gmm {
    std::vector<Eigen::VectorXd> mu;     ///< K means (d)
    std::vector<Eigen::MatrixXd> sigma;  ///< K covariances (d x d)
    std::vector<double> phi;             ///< K weights, summing to 1
    int K() const { return int(phi.size()); }
};

struct EmResult {
    Gmm gmm;
    std::vector<double> log_likelihood;  ///< mean log P(x_i | Θ) after each iteration
    int iterations = 0;
    bool converged = false;              ///< the rise fell below the tolerance
};

/// Fits K components to X (d x N, samples as columns) by EM: at most max_iter iterations,
/// stopping when the mean log-likelihood rises by less than tol.
EmResult fit_gmm_em(const dl::MatrixD& X, int K, dl::Rng& rng, int max_iter = 300,
                    double tol = 1e-7);

/// log N(x | μ, Σ) for every column of X.
std::vector<double> log_gaussian(const dl::MatrixD& X, const Eigen::VectorXd& mu,
                                 const Eigen::MatrixXd& sigma);
/// The mean log-likelihood (1/N) Σ_i log Σ_k φ_k N(x_i | μ_k, Σ_k).
double mean_log_likelihood(const Gmm& g, const dl::MatrixD& X);
/// n samples from the mixture: a component by φ, then μ + L·ε with Σ = L·Lᵀ, ε ~ N(0, I).
dl::MatrixD sample_gmm(const Gmm& g, int64_t n, dl::Rng& rng);

}  // namespace ch08
