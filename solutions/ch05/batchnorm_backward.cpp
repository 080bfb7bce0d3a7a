/// @file batchnorm_backward.cpp
/// @brief Reference solution of exercise ch05.batchnorm_backward (declared in exercises/ch05.hpp).
#include "core/error.hpp"
#include "exercises/ch05.hpp"

namespace dl::exercises {

void batchnorm_backward(const MatrixD& dZ_tilde, const BatchNormCache& cache, MatrixD& dZ,
                        Eigen::VectorXd& dgamma, Eigen::VectorXd& dbeta) {
    const MatrixD& Z_hat = cache.Z_hat;
    DL_CHECK(dZ_tilde.rows() == Z_hat.rows() && dZ_tilde.cols() == Z_hat.cols(),
             "batchnorm_backward: dZ̃ is ", dZ_tilde.rows(), " x ", dZ_tilde.cols(),
             " but the forward pass saw ", Z_hat.rows(), " x ", Z_hat.cols());
    //! [batchnorm_backward]
    const double m = double(dZ_tilde.cols());
    dbeta = dZ_tilde.rowwise().sum();                                        // dβ = Σ_j dZ̃
    dgamma = dZ_tilde.cwiseProduct(Z_hat).rowwise().sum();                   // dγ = Σ_j dZ̃ ⊙ Ẑ
    const MatrixD dZ_hat = (dZ_tilde.array().colwise() * cache.gamma.array()).matrix();  // γ ⊙ dZ̃
    const Eigen::VectorXd mean_d = dZ_hat.rowwise().sum() / m;               // mean_j dẐ
    const Eigen::VectorXd mean_dz = dZ_hat.cwiseProduct(Z_hat).rowwise().sum() / m;
    const MatrixD inner = (dZ_hat.colwise() - mean_d) -
                          (Z_hat.array().colwise() * mean_dz.array()).matrix();
    dZ = inner.array().colwise() * cache.inv_std.array();  // (1/√(σ²+ε))·(dẐ − mean − Ẑ·mean(dẐẐ))
    //! [batchnorm_backward]
}

}  // namespace dl::exercises
