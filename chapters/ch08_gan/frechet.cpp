/// @file frechet.cpp
/// @brief The Fréchet distance between two Gaussians (see frechet.hpp).
#include "frechet.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>

#include "core/error.hpp"

namespace ch08 {

FeatureMoments feature_moments(const dl::MatrixD& F) {
    DL_CHECK(F.cols() >= 2 && F.rows() >= 1, "feature_moments: need at least 2 feature vectors, "
             "got ", F.rows(), " x ", F.cols());
    FeatureMoments m;
    m.mu = F.rowwise().mean();
    const dl::MatrixD C = F.colwise() - m.mu;
    m.sigma = C * C.transpose() / double(F.cols() - 1);
    return m;
}

//! [frechet]
double frechet_distance(const FeatureMoments& a, const FeatureMoments& b) {
    DL_CHECK(a.mu.size() == b.mu.size(), "frechet_distance: features of ", a.mu.size(), " and ",
             b.mu.size(), " numbers");
    // Σ_a^{1/2} from Σ_a = V Λ Vᵀ.
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ea(a.sigma);
    const Eigen::VectorXd root = ea.eigenvalues().cwiseMax(0.0).cwiseSqrt();
    const Eigen::MatrixXd sa = ea.eigenvectors() * root.asDiagonal() * ea.eigenvectors().transpose();
    // tr (Σ_a^{1/2} Σ_b Σ_a^{1/2})^{1/2} = Σ √λᵢ of that symmetric matrix.
    const Eigen::MatrixXd M = sa * b.sigma * sa;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> em(0.5 * (M + M.transpose()), Eigen::EigenvaluesOnly);
    const double tr_sqrt = em.eigenvalues().cwiseMax(0.0).cwiseSqrt().sum();
    const double d2 = (a.mu - b.mu).squaredNorm() + a.sigma.trace() + b.sigma.trace() - 2 * tr_sqrt;
    return std::max(d2, 0.0);  // ≥ 0 up to rounding
}
//! [frechet]

}  // namespace ch08
