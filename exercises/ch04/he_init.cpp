/// @file he_init.cpp
/// @brief Exercise ch04.he_init: He initialisation, W ~ N(0, 2 / n_prev).
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch04.he_init`), then run the
/// chapter on your own code with `./course run 4 --mine`.
#include "exercises/ch04.hpp"

#include <cmath>

namespace dl::exercises {

/// W ~ N(0, 2 / n_prev), n_prev = W.cols().
void he_init(Tensor& W, Rng& rng) {
    // TODO(student): begin
    //  The standard deviation is √(2 / n_prev); draw all of W at once:
    //  rng.fill_normal(W, 0.0, stddev).
    (void)W, (void)rng;
    throw NotImplemented("ch04.he_init");
    // TODO(student): end
}

}  // namespace dl::exercises
