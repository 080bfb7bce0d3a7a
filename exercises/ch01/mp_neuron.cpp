/// @file mp_neuron.cpp
/// @brief Exercise ch01.mp_neuron: the M-P neuron y = f(Σᵢ wᵢxᵢ − θ).
///
/// Read the declaration's comment in exercises/include/exercises/ch01.hpp first.
/// Check your work: `./course grade ch01.mp_neuron` (this exercise) or `./course grade 1` (the
/// chapter). Stuck? `./course hint ch01.mp_neuron` prints the steps. Then `./course run 1 --mine`
/// runs the chapter program on your code.
#include "exercises/ch01.hpp"

#include "kernels/scalar_math.hpp"

namespace dl::exercises {

/// y = f(Σᵢ wᵢxᵢ − θ), f(z) = 1 if z ≥ 0 else 0.
///
/// Shapes: w and x are n x 1; throw dl::Error when their sizes differ.
float mp_neuron(const Eigen::VectorXf& w, float theta, const Eigen::VectorXf& x) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch01.hpp.
    (void)w;
    (void)theta;
    (void)x;
    throw NotImplemented("ch01.mp_neuron");
    // TODO(student): end
}

}  // namespace dl::exercises
