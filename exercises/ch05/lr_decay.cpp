/// @file lr_decay.cpp
/// @brief Exercise ch05.lr_decay: learning-rate decay α = α₀/(1 + decay_rate·epoch_num).
///
/// Read the declaration's comment in exercises/include/exercises/ch05.hpp first.
/// Check your work: `./course grade ch05.lr_decay` (this exercise) or `./course grade 5` (the
/// chapter). Stuck? `./course hint ch05.lr_decay` prints the steps. Then
/// `./course run 5 --mine` runs the chapter program on your code.
#include "exercises/ch05.hpp"

#include <cmath>

#include "core/error.hpp"

namespace dl::exercises {

/// α₀ / (1 + decay_rate·epoch_num).
double learning_rate_decay(double alpha0, double decay_rate, int epoch_num) {
    // TODO(student): begin
    //  Check α₀ > 0, decay_rate >= 0 and epoch_num >= 0 (DL_CHECK), then apply the formula.
    (void)alpha0, (void)decay_rate, (void)epoch_num;
    throw NotImplemented("ch05.lr_decay");
    // TODO(student): end
}

}  // namespace dl::exercises
