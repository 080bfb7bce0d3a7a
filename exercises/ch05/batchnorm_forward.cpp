/// @file batchnorm_forward.cpp
/// @brief Exercise ch05.batchnorm_forward: batch normalization of a layer's Z in training mode.
///
/// Read the declaration's comment in exercises/include/exercises/ch05.hpp first.
/// Check your work: `./course grade ch05.batchnorm_forward` (this exercise) or `./course grade 5` (the
/// chapter). Stuck? `./course hint ch05.batchnorm_forward` prints the steps. Then
/// `./course run 5 --mine` runs the chapter program on your code.
#include "exercises/ch05.hpp"

#include <cmath>

#include "core/error.hpp"

namespace dl::exercises {

/// Per row: μ, σ² over the m samples; Ẑ = (Z − μ)/√(σ² + ε); Z̃ = γ ⊙ Ẑ + β.
MatrixD batchnorm_forward(const MatrixD& Z, const Eigen::VectorXd& gamma,
                          const Eigen::VectorXd& beta, double eps, BatchNormCache& cache) {
    // TODO(student): begin
    //  Check m >= 1 and that γ, β have Z.rows() entries.
    //  μ = Z.rowwise().sum()/m;  centred = Z.colwise() − μ;
    //  σ² = centred.array().square().rowwise().sum()/m  (the biased variance, 1/m)
    //  cache.inv_std = 1/√(σ² + ε);  cache.Z_hat = centred scaled row by row;  cache.gamma = γ
    //  return γ ⊙ Ẑ + β  (.array().colwise() * gamma.array(), then .colwise() + beta)
    (void)Z, (void)gamma, (void)beta, (void)eps, (void)cache;
    throw NotImplemented("ch05.batchnorm_forward");
    // TODO(student): end
}

}  // namespace dl::exercises
