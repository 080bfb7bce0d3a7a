/// @file sample_with_temperature.cpp
/// @brief Exercise ch07.sample_with_temperature: draw a character from softmax(z/τ).
///
/// Read the declaration's comment in exercises/include/exercises/ch07.hpp first.
/// Check your work: `./course grade ch07.sample_with_temperature` (this exercise) or `./course grade 7` (the
/// chapter). Stuck? `./course hint ch07.sample_with_temperature` prints the steps. Then
/// `./course run 7 --mine` runs the chapter program on your code.
#include "exercises/ch07.hpp"

namespace dl::exercises {

int sample_with_temperature(const Eigen::VectorXd& logits, double temperature, Rng& rng) {
    // TODO(student): begin
    //  1. Check: logits not empty, temperature > 0 and finite (DL_CHECK).
    //  2. e_k = exp((z_k − max z)/τ)  (no overflow), p_k = e_k / Σ e.
    //  3. u = rng.uniform() — exactly once; return the smallest k with p_0 + … + p_k > u.
    (void)logits, (void)temperature, (void)rng;
    throw NotImplemented("ch07.sample_with_temperature");
    // TODO(student): end
}

}  // namespace dl::exercises
