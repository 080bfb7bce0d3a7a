/// @file discriminator_loss.cpp
/// @brief Exercise ch08.discriminator_loss: J_D on a real and a fake batch of logits, and
/// ∂J_D/∂a for both.
///
/// Read the declaration's comment in exercises/include/exercises/ch08.hpp first.
/// Check your work: `./course grade ch08.discriminator_loss` (this exercise) or `./course grade 8` (the
/// chapter). Stuck? `./course hint ch08.discriminator_loss` prints the steps. Then `./course run 8 --mine`
/// runs the chapter program on your code.
#include <cmath>

#include "exercises/ch08.hpp"

namespace dl::exercises {

double discriminator_loss(const MatrixD& a_real, const MatrixD& a_fake, MatrixD& d_real,
                          MatrixD& d_fake) {
    // TODO(student): begin
    //  1. DL_CHECK that both are single non-empty rows.
    //  2. Real half: J += softplus(−a)/m_r and d_real(j) = (σ(a) − 1)/m_r.
    //  3. Fake half: J += softplus(a)/m_f and d_fake(j) = σ(a)/m_f.
    //     softplus(t) = max(t, 0) + log1p(exp(−|t|)); σ(t) without overflow for t = ±1000.
    (void)a_real, (void)a_fake, (void)d_real, (void)d_fake;
    throw NotImplemented("ch08.discriminator_loss");
    // TODO(student): end
}

}  // namespace dl::exercises
