/// @file xor_two_layer.cpp
/// @brief Exercise ch01.xor_two_layer: XOR computed by two layers of M-P neurons.
///
/// Read the declaration's comment in exercises/include/exercises/ch01.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch01.xor_two_layer`).
#include "exercises/ch01.hpp"

namespace dl::exercises {

/// XOR(x₁, x₂) = AND(NAND(x₁, x₂), OR(x₁, x₂)).
///
/// Inputs and output are 0 or 1: (0,0) → 0, (0,1) → 1, (1,0) → 1, (1,1) → 0.
float xor_two_layer(float x1, float x2) {
    // TODO(student): begin
    //  1. Pick (w, θ) for NAND: it must fire (z ≥ 0) for (0,0), (0,1), (1,0) and not for (1,1).
    //     Negative weights help: with w = (−1, −1), which θ works?
    //  2. Pick (w, θ) for OR: it fires unless both inputs are 0.
    //  3. h1 = mp_neuron(w_nand, θ_nand, x), h2 = mp_neuron(w_or, θ_or, x), where
    //     x = Eigen::Vector2f(x1, x2).
    //  4. Return the lecture's AND neuron (w = (1, 1), θ = 2) applied to (h1, h2).
    (void)x1;
    (void)x2;
    throw NotImplemented("ch01.xor_two_layer");
    // TODO(student): end
}

}  // namespace dl::exercises
