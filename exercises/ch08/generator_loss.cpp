/// @file generator_loss.cpp
/// @brief Exercise ch08.generator_loss: the minimax and the non-saturating generator losses
/// and their gradients ∂J_G/∂a.
///
/// Read the declaration's comment in exercises/include/exercises/ch08.hpp first.
/// Check your work: `./course grade ch08.generator_loss` (this exercise) or `./course grade 8` (the
/// chapter). Stuck? `./course hint ch08.generator_loss` prints the steps. Then `./course run 8 --mine`
/// runs the chapter program on your code.
#include <cmath>

#include "exercises/ch08.hpp"

namespace dl::exercises {

double generator_loss(const MatrixD& a_fake, MatrixD& d_fake, GeneratorLoss kind) {
    // TODO(student): begin
    //  Minimax:        J = −(1/m) Σ softplus(a),   d = −σ(a)/m
    //  NonSaturating:  J =  (1/m) Σ softplus(−a),  d = (σ(a) − 1)/m
    //  Resize d_fake to 1 x m first; DL_CHECK that a_fake is a non-empty row.
    (void)a_fake, (void)d_fake, (void)kind;
    throw NotImplemented("ch08.generator_loss");
    // TODO(student): end
}

}  // namespace dl::exercises
