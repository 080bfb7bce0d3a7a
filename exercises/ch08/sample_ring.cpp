/// @file sample_ring.cpp
/// @brief Exercise ch08.sample_ring: n points from the ring of K Gaussians.
///
/// Read the declaration's comment in exercises/include/exercises/ch08.hpp first.
/// Check your work: `./course grade ch08.sample_ring` (this exercise) or `./course grade 8` (the
/// chapter). Stuck? `./course hint ch08.sample_ring` prints the steps. Then `./course run 8 --mine`
/// runs the chapter program on your code.
#include <cmath>

#include "exercises/ch08.hpp"

namespace dl::exercises {

RingSamples sample_ring(int64_t n, int modes, double radius, double sigma, Rng& rng) {
    // TODO(student): begin
    //  For j = 0 … n−1: k = rng.below(modes); angle = 2πk/modes;
    //  X(0, j) = r·cos(angle) + σ·rng.normal();  X(1, j) = r·sin(angle) + σ·rng.normal();
    //  mode[j] = k.  (Draw in exactly this order.)  DL_CHECK the arguments first.
    (void)n, (void)modes, (void)radius, (void)sigma, (void)rng;
    throw NotImplemented("ch08.sample_ring");
    // TODO(student): end
}

}  // namespace dl::exercises
