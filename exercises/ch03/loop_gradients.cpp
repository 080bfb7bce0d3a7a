/// @file loop_gradients.cpp
/// @brief Exercise ch03.loop_gradients: the two-for-loop gradient step.
///
/// Read the declaration's comment in exercises/include/exercises/ch03.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch03.loop_gradients`), then run the
/// chapter on your own code with `./course run 3 --mine`.
#include "exercises/ch03.hpp"

#include "kernels/loss_math.hpp"

namespace dl::exercises {

/// The two-for-loop gradient step.
LogisticStep loop_gradients(const Eigen::VectorXd& w, double b, const MatrixD& X,
                            const MatrixD& Y) {
    // TODO(student): begin
    //  1. DL_CHECK the shapes: w n x 1, X n x m, Y 1 x m, m > 0.
    //  2. s.dw = Eigen::VectorXd::Zero(n); then for each sample i:
    //       z = b + Σ_k w(k)·X(k, i)   (a loop over k)
    //       a = math::sigmoid(z);  s.J += math::bce_from_logit(z, Y(0, i));  dz = a − Y(0, i)
    //       for k: s.dw(k) += X(k, i)·dz;   s.db += dz
    //  3. Divide J, dw and db by m.
    (void)w;
    (void)b;
    (void)X;
    (void)Y;
    throw NotImplemented("ch03.loop_gradients");
    // TODO(student): end
}

}  // namespace dl::exercises
