/// @file mp_neuron.cpp
/// @brief Exercise ch01.mp_neuron: the M-P neuron y = f(Σᵢ wᵢxᵢ − θ).
///
/// Read the declaration's comment in exercises/include/exercises/ch01.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch01.mp_neuron`), then run the
/// chapter on your own code with `./course run 1 --mine`.
#include "exercises/ch01.hpp"

#include "kernels/scalar_math.hpp"

namespace dl::exercises {

/// y = f(Σᵢ wᵢxᵢ − θ), f(z) = 1 if z ≥ 0 else 0.
///
/// Shapes: w and x are n x 1; throw dl::Error when their sizes differ.
float mp_neuron(const Eigen::VectorXf& w, float theta, const Eigen::VectorXf& x) {
    // TODO(student): begin
    //  1. DL_CHECK(w.size() == x.size(), "mp_neuron: ...") names both sizes.
    //  2. z = Σᵢ wᵢxᵢ − θ        (hint: w.dot(x))
    //  3. return f(z)            (hint: math::step(z) returns 1 for z ≥ 0 and 0 otherwise)
    (void)w;
    (void)theta;
    (void)x;
    throw NotImplemented("ch01.mp_neuron");
    // TODO(student): end
}

}  // namespace dl::exercises
