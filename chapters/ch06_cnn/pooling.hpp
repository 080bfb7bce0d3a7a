/// @file pooling.hpp
/// @brief Section 3: pooling (the lecture's 4x4 example, max and average, forward and
/// backward), backpropagation through a convolution (the gradient of a filter), the residual
/// block's shortcut, and the gradient checks of every layer of the chapter.
#pragma once

#include <vector>

#include "io/json.hpp"

namespace ch06 {

struct PoolingReport {
    std::vector<std::vector<double>> max_out, avg_out, max_grad;  ///< the 4x4 example
    bool matches_lecture = false;
    double weight_grad_max_diff = 0;  ///< exercise ch06.conv_weight_gradient vs the layer
    bool residual_identity = false;   ///< exercise ch06.residual_block_forward with W2 = 0
    double gradcheck_max_rel_error = 0;
    std::vector<std::pair<std::string, double>> gradchecks;
};

PoolingReport run_pooling(uint64_t seed);
dl::Json to_json(const PoolingReport& r);

}  // namespace ch06
