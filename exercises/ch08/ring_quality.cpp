/// @file ring_quality.cpp
/// @brief Exercise ch08.ring_quality: high-quality samples and covered modes (VEEGAN, PacGAN).
///
/// Read the declaration's comment in exercises/include/exercises/ch08.hpp first.
/// Check your work: `./course grade --chapter 8` (or `ctest -R graded.*ch08.ring_quality`),
/// then run the chapter on your own code with `./course run 8 --mine`.
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
