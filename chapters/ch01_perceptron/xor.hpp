/// @file xor.hpp
/// @brief XOR: why one perceptron cannot compute it, and two layers that do.
///
/// XOR (异或) is 1 when exactly one input is 1. No line separates its 1s, (0,1) and (1,0),
/// from its 0s, (0,0) and (1,1): the problem is not linearly separable (线性不可分), so the
/// perceptron rule never converges on it. Minsky and Papert's 1969 book made this limit famous.
/// One hidden layer removes it: h₁ = NAND(x), h₂ = OR(x), y = AND(h₁, h₂).
#pragma once

#include <string>

#include "core/eigen_view.hpp"
#include "core/tensor.hpp"

namespace ch01 {

/// The argument, line by line, that no w₁, w₂, θ give XOR (for printing).
std::string xor_not_separable_argument();

/// The two-layer network's outputs on the four inputs, computed as two threshold layers
/// with the course's kernels on `device`:
///
///     A1 = step(W1·X + b1)    W1 = [NAND; OR] (2 x 2), A1 = (h₁, h₂) per column (2 x 4)
///     A2 = step(W2·A1 + b2)   W2 = AND (1 x 2), A2 is 1 x 4
///
/// Returns A1 stacked over A2 (3 x 4, on the CPU) so the hidden values can be printed.
dl::Matrix xor_two_layer_forward(dl::Device device);

}  // namespace ch01
