/// @file vectorized_gradients.cpp
/// @brief Exercise ch03.vectorized_gradients: the same step, vectorized.
///
/// Read the declaration's comment in exercises/include/exercises/ch03.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch03.vectorized_gradients`), then run the
/// chapter on your own code with `./course run 3 --mine`.
#include "exercises/ch03.hpp"

#include "kernels/loss_math.hpp"

namespace dl::exercises {

/// The same step, vectorized.
LogisticStep vectorized_gradients(const Eigen::VectorXd& w, double b, const MatrixD& X,
                                  const MatrixD& Y) {
    // TODO(student): begin
    //  1. DL_CHECK the shapes as in loop_gradients.
    //  2. Z = wᵀX + b (1 x m); A = σ(Z) (unaryExpr with math::sigmoid).
    //  3. s.J = (1/m)·Σ (softplus(Z) − Y⊙Z)   (math::softplus)
    //  4. dZ = A − Y;  s.dw = (1/m)·X·dZᵀ;  s.db = (1/m)·Σ dZ
    (void)w;
    (void)b;
    (void)X;
    (void)Y;
    throw NotImplemented("ch03.vectorized_gradients");
    // TODO(student): end
}

}  // namespace dl::exercises
