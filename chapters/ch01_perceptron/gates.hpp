/// @file gates.hpp
/// @brief Logic gates from M-P neurons with hand-set weights, as in the lecture.
///
/// The lecture sets the weights by hand: AND is w₁ = w₂ = 1, θ = 2 (only 1 + 1 reaches the
/// threshold); NOT x₁ is w₁ = −0.6, w₂ = 0, θ = −0.5. OR lowers AND's threshold to 0.5 (one
/// input is enough), and NAND (not AND) turns the weights negative: w₁ = w₂ = −1, θ = −1.5,
/// so it fires unless both inputs are 1.
#pragma once

#include <string>
#include <vector>

#include "core/eigen_view.hpp"
#include "core/tensor.hpp"

namespace ch01 {

/// One neuron's hand-set parameters and the truth table it should produce.
struct HandSetGate {
    std::string name;          ///< "AND", "OR", "NOT x1", "NAND"
    float w1, w2, theta;       ///< y = step(w1·x1 + w2·x2 − θ)
    Eigen::RowVector4f truth;  ///< the gate's outputs for (0,0), (0,1), (1,0), (1,1)
};

/// AND, OR, NOT x1 and NAND with the weights above.
std::vector<HandSetGate> lecture_gates();

/// Every gate's output on every input, computed as one layer (one neuron per gate):
/// A = step(W·X + b) on `device`. Row i of the result is gate i's truth table (k x 4, CPU).
dl::Matrix evaluate_gates(const std::vector<HandSetGate>& gates, dl::Device device);

/// The same outputs computed one neuron and one input at a time with exercises::mp_neuron().
dl::Matrix evaluate_gates_one_by_one(const std::vector<HandSetGate>& gates);

}  // namespace ch01
