/// @file xor_two_layer.cpp
/// @brief Exercise ch01.xor_two_layer: XOR computed by two layers of M-P neurons.
///
/// Read the declaration's comment in exercises/include/exercises/ch01.hpp first.
/// Check your work: `./course grade ch01.xor_two_layer` (this exercise) or `./course grade 1` (the
/// chapter). Stuck? `./course hint ch01.xor_two_layer` prints the steps. Then
/// `./course run 1 --mine` runs the chapter program on your code.
#include "exercises/ch01.hpp"

namespace dl::exercises {

/// XOR(x₁, x₂) = AND(NAND(x₁, x₂), OR(x₁, x₂)).
///
/// Inputs and output are 0 or 1: (0,0) → 0, (0,1) → 1, (1,0) → 1, (1,1) → 0.
float xor_two_layer(float x1, float x2) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch01.hpp.
    (void)x1;
    (void)x2;
    throw NotImplemented("ch01.xor_two_layer");
    // TODO(student): end
}

}  // namespace dl::exercises
