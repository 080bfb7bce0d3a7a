/// @file vectorized_gradients.cpp
/// @brief Exercise ch03.vectorized_gradients: the same step, vectorized.
///
/// Read the declaration's comment in exercises/include/exercises/ch03.hpp first.
/// Check your work: `./course grade ch03.vectorized_gradients` (this exercise) or
/// `./course grade 3` (the chapter). Stuck? `./course hint ch03.vectorized_gradients` prints the
/// steps. Then `./course run 3 --mine` runs the chapter program on your code.
#include "exercises/ch03.hpp"

#include "kernels/loss_math.hpp"

namespace dl::exercises {

/// The same step, vectorized.
LogisticStep vectorized_gradients(const Eigen::VectorXd& w, double b, const MatrixD& X,
                                  const MatrixD& Y) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch03.hpp.
    (void)w;
    (void)b;
    (void)X;
    (void)Y;
    throw NotImplemented("ch03.vectorized_gradients");
    // TODO(student): end
}

}  // namespace dl::exercises
