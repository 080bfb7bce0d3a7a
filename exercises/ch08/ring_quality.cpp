/// @file ring_quality.cpp
/// @brief Exercise ch08.ring_quality: high-quality samples and covered modes (VEEGAN, PacGAN).
///
/// Read the declaration's comment in exercises/include/exercises/ch08.hpp first.
/// Check your work: `./course grade ch08.ring_quality` (this exercise) or `./course grade 8` (the
/// chapter). Stuck? `./course hint ch08.ring_quality` prints the steps. Then `./course run 8 --mine`
/// runs the chapter program on your code.
#include <cmath>

#include "exercises/ch08.hpp"

namespace dl::exercises {

RingQuality ring_quality(const MatrixD& X, int modes, double radius, double sigma) {
    // TODO(student): begin
    //  For each column x: the nearest centre μ_k = r·(cos 2πk/K, sin 2πk/K) (first on a tie);
    //  if ‖x − μ_k‖ ≤ 3σ count it for mode k. Then modes_covered = modes with a count > 0 and
    //  high_quality = (high-quality samples) / n.  DL_CHECK that X is 2 x n.
    (void)X, (void)modes, (void)radius, (void)sigma;
    throw NotImplemented("ch08.ring_quality");
    // TODO(student): end
}

}  // namespace dl::exercises
