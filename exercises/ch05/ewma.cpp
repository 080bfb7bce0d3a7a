/// @file ewma.cpp
/// @brief Exercise ch05.ewma: exponentially weighted averages, with and without bias correction.
///
/// Read the declaration's comment in exercises/include/exercises/ch05.hpp first.
/// Check your work: `./course grade ch05.ewma` (this exercise) or `./course grade 5` (the
/// chapter). Stuck? `./course hint ch05.ewma` prints the steps. Then
/// `./course run 5 --mine` runs the chapter program on your code.
#include "exercises/ch05.hpp"

#include <cmath>

#include "core/error.hpp"

namespace dl::exercises {

/// v_t = β·v_{t−1} + (1 − β)·θ_t from v_0 = 0; corrected v_t/(1 − βᵗ).
std::vector<double> ewma(const std::vector<double>& theta, double beta, bool bias_correction) {
    // TODO(student): begin
    //  Check 0 <= β < 1. One pass over θ keeping v (and βᵗ for the correction); push v_t, or
    //  v_t / (1 − βᵗ) when bias_correction is true, for every t.
    (void)theta, (void)beta, (void)bias_correction;
    throw NotImplemented("ch05.ewma");
    // TODO(student): end
}

}  // namespace dl::exercises
