/// @file truth_table.hpp
/// @brief The truth tables (真值表) of the two-input logic gates, samples as columns.
///
/// X holds the four inputs (0,0), (0,1), (1,0), (1,1) as the columns of a 2 x 4 matrix, and a
/// gate's labels are a 1 x 4 row in the same order: the layout of every data set in the course
/// (features x samples).
#pragma once

#include <string>
#include <vector>

#include "core/eigen_view.hpp"

namespace ch01 {

/// A named truth table: the labels Y (1 x 4) over the inputs of truth_table_inputs().
struct Gate {
    std::string name;     ///< "AND", "OR", "NAND", "XOR"
    Eigen::RowVector4f Y; ///< outputs for (0,0), (0,1), (1,0), (1,1)
};

/// The 2 x 4 input matrix X = [[0 0 1 1], [0 1 0 1]]: column j is input j.
dl::Matrix truth_table_inputs();

/// AND, OR, NAND and XOR, in that order.
std::vector<Gate> two_input_gates();

/// The gate of that name among two_input_gates(); throws dl::Error otherwise.
Gate gate(const std::string& name);

}  // namespace ch01
