/// @file xor_two_layer.cpp
/// @brief Reference solution of exercise ch01.xor_two_layer (declared in exercises/ch01.hpp).
#include "exercises/ch01.hpp"

namespace dl::exercises {

/// XOR(x₁, x₂) = AND(NAND(x₁, x₂), OR(x₁, x₂)), each gate one M-P neuron.
float xor_two_layer(float x1, float x2) {
    //! [xor_two_layer]
    const Eigen::Vector2f x(x1, x2);
    // Hidden layer: NAND fires unless both inputs are 1; OR fires when either is.
    const float h1 = mp_neuron(Eigen::Vector2f(-1.0f, -1.0f), -1.5f, x);  // NAND
    const float h2 = mp_neuron(Eigen::Vector2f(1.0f, 1.0f), 0.5f, x);     // OR
    // Output layer: the lecture's AND, w = (1, 1), θ = 2.
    return mp_neuron(Eigen::Vector2f(1.0f, 1.0f), 2.0f, Eigen::Vector2f(h1, h2));
    //! [xor_two_layer]
}

}  // namespace dl::exercises
