/// @file he_init.cpp
/// @brief Exercise ch04.he_init: He initialisation, W ~ N(0, 2 / n_prev).
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade ch04.he_init` (this exercise) or `./course grade 4` (the
/// chapter). Stuck? `./course hint ch04.he_init` prints the steps. Then `./course run 4 --mine`
/// runs the chapter program on your code.
#include "exercises/ch04.hpp"

#include <cmath>

namespace dl::exercises {

/// W ~ N(0, 2 / n_prev), n_prev = W.cols().
void he_init(Tensor& W, Rng& rng) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch04.hpp.
    (void)W, (void)rng;
    throw NotImplemented("ch04.he_init");
    // TODO(student): end
}

}  // namespace dl::exercises
