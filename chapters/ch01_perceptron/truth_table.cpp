/// @file truth_table.cpp
/// @brief The truth tables of AND, OR, NAND and XOR.
#include "truth_table.hpp"

namespace ch01 {

dl::Matrix truth_table_inputs() {
    //! [truth_table]
    dl::Matrix X(2, 4);  // 2 features x 4 samples
    X << 0, 0, 1, 1,     // x1
         0, 1, 0, 1;     // x2
    //! [truth_table]
    return X;
}

std::vector<Gate> two_input_gates() {
    return {
        {"AND", Eigen::RowVector4f(0, 0, 0, 1)},
        {"OR", Eigen::RowVector4f(0, 1, 1, 1)},
        {"NAND", Eigen::RowVector4f(1, 1, 1, 0)},
        {"XOR", Eigen::RowVector4f(0, 1, 1, 0)},
    };
}

Gate gate(const std::string& name) {
    for (const Gate& g : two_input_gates())
        if (g.name == name) return g;
    dl::fail("no gate named '", name, "': expected AND, OR, NAND or XOR");
}

}  // namespace ch01
