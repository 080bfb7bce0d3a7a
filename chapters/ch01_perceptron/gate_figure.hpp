/// @file gate_figure.hpp
/// @brief The figure of the learned gates: each truth table's four points and the line the
/// perceptron learned for it (for XOR, wherever the rule happened to stop).
#pragma once

#include <string>
#include <vector>

#include "learning.hpp"
#include "truth_table.hpp"

namespace ch01 {

/// A 2 x 2 grid of plots, one per gate, written atomically to `path`.
void plot_learned_gates(const std::vector<Gate>& gates, const std::vector<TrainResult>& results,
                        const std::string& path);

}  // namespace ch01
