/// @file batchnorm_backward.cpp
/// @brief Exercise ch05.batchnorm_backward: the gradients of batch normalization in training mode.
///
/// Read the declaration's comment in exercises/include/exercises/ch05.hpp first.
/// Check your work: `./course grade ch05.batchnorm_backward` (this exercise) or `./course grade 5` (the
/// chapter). Stuck? `./course hint ch05.batchnorm_backward` prints the steps. Then
/// `./course run 5 --mine` runs the chapter program on your code.
#include "exercises/ch05.hpp"

#include <cmath>

#include "core/error.hpp"

namespace dl::exercises {

/// dβ, dγ, and dZ = (1/√(σ²+ε))·(dẐ − mean(dẐ) − Ẑ ⊙ mean(dẐ ⊙ Ẑ)) with dẐ = γ ⊙ dZ̃.
void batchnorm_backward(const MatrixD& dZ_tilde, const BatchNormCache& cache, MatrixD& dZ,
                        Eigen::VectorXd& dgamma, Eigen::VectorXd& dbeta) {
    // TODO(student): begin
    //  Every mean is over the m samples of a row (rowwise().sum() / m).
    //  1. dβ = Σ_j dZ̃;   dγ = Σ_j dZ̃ ⊙ Ẑ
    //  2. dẐ = γ ⊙ dZ̃ (each row times its γ)
    //  3. dZ = inv_std ⊙ (dẐ − mean_j dẐ − Ẑ ⊙ mean_j(dẐ ⊙ Ẑ))
    //  Check your formula with a gradient check: the graded test does.
    (void)dZ_tilde, (void)cache, (void)dZ, (void)dgamma, (void)dbeta;
    throw NotImplemented("ch05.batchnorm_backward");
    // TODO(student): end
}

}  // namespace dl::exercises
