/// @file gradcheck_demo.hpp
/// @brief Section 5: gradient checking (梯度检验) of the deep network's backward pass, and of a
/// deliberately broken one.
#pragma once

#include <vector>

#include "io/json.hpp"
#include "nn/loss.hpp"
#include "nn/model.hpp"

namespace ch04 {

struct GradCheckReport {
    std::vector<double> per_layer;         ///< relative error of (W[l], b[l]), l = 1 … L
    std::vector<double> broken_per_layer;  ///< the same with ReLU's derivative left out
    double max_rel_error = 0, broken_max_rel_error = 0;
};

/// Relative error of each layer's analytic gradient against two-sided differences (the
/// student's numerical_gradient and gradient_rel_error), on a float64 net.
std::vector<double> check_layers(dl::nn::Model& net, dl::nn::Loss& loss, const dl::Tensor& X,
                                 const dl::Tensor& Y);

/// The deep net [LINEAR→ReLU]×3→LINEAR→softmax of sizes 5-6-5-4-3 on 8 random samples.
GradCheckReport run_gradcheck(uint64_t seed);

dl::Json to_json(const GradCheckReport& r);

}  // namespace ch04
