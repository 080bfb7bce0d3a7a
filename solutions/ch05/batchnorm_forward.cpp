/// @file batchnorm_forward.cpp
/// @brief Reference solution of exercise ch05.batchnorm_forward (declared in exercises/ch05.hpp).
#include "core/error.hpp"
#include "exercises/ch05.hpp"

namespace dl::exercises {

MatrixD batchnorm_forward(const MatrixD& Z, const Eigen::VectorXd& gamma,
                          const Eigen::VectorXd& beta, double eps, BatchNormCache& cache) {
    DL_CHECK(Z.cols() >= 1, "batchnorm_forward: needs at least one sample, got ", Z.cols());
    DL_CHECK(gamma.size() == Z.rows() && beta.size() == Z.rows(), "batchnorm_forward: Z has ",
             Z.rows(), " units but γ has ", gamma.size(), " and β ", beta.size(), " entries");
    //! [batchnorm_forward]
    const double m = double(Z.cols());
    const Eigen::VectorXd mu = Z.rowwise().sum() / m;                            // μ per unit
    const MatrixD centred = Z.colwise() - mu;                                    // Z − μ
    const Eigen::VectorXd var = centred.array().square().rowwise().sum() / m;    // σ² per unit
    cache.inv_std = (var.array() + eps).rsqrt();                                 // 1/√(σ² + ε)
    cache.Z_hat = centred.array().colwise() * cache.inv_std.array();             // Ẑ
    cache.gamma = gamma;
    const MatrixD out = (cache.Z_hat.array().colwise() * gamma.array()).matrix();  // γ ⊙ Ẑ
    return out.colwise() + beta;                                                 // + β
    //! [batchnorm_forward]
}

}  // namespace dl::exercises
