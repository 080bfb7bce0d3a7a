/// @file frechet.hpp
/// @brief The Fréchet distance between two sets of feature vectors, each summarised by a
/// Gaussian — the measure behind FID (Heusel et al. 2017), here on the features of the
/// chapter's own classifier instead of Inception's.
///
/// Real and generated images are passed through a network trained to classify real ones; the
/// activations of a late layer (LeNet-5's 84 units) describe each image. Each set of feature
/// vectors gets its mean μ and covariance Σ, and the 2-Wasserstein (Fréchet) distance between
/// the two Gaussians is
///
///     d² = ‖μ_r − μ_g‖² + tr(Σ_r + Σ_g − 2 (Σ_r^{1/2} Σ_g Σ_r^{1/2})^{1/2})
///
/// 0 for identical statistics; it grows when the generated images look different from the
/// real ones (the means move) *and* when they lack variety (Σ_g shrinks): a collapsed
/// generator scores badly even if every sample is sharp. In one dimension it is
/// (μ_r − μ_g)² + (σ_r − σ_g)².
///
/// The matrix square roots come from symmetric eigendecompositions (Σ = V Λ Vᵀ, Σ^{1/2} =
/// V Λ^{1/2} Vᵀ); Σ_r^{1/2} Σ_g Σ_r^{1/2} is symmetric, so the trace of its square root is
/// Σ √λᵢ of its eigenvalues (tiny negative ones from rounding are taken as 0).
#pragma once

#include <Eigen/Dense>

#include "core/eigen_view.hpp"

namespace ch08 {

/// The mean and covariance of a set of feature vectors.
struct FeatureMoments {
    Eigen::VectorXd mu;
    Eigen::MatrixXd sigma;
};

/// μ and Σ = (1/(N − 1)) Σ_i (f_i − μ)(f_i − μ)ᵀ of the columns of F (d x N, N ≥ 2).
FeatureMoments feature_moments(const dl::MatrixD& F);

/// The Fréchet distance d² between the Gaussians of a and b.
double frechet_distance(const FeatureMoments& a, const FeatureMoments& b);

}  // namespace ch08
