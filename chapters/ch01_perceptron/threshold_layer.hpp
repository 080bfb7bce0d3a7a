/// @file threshold_layer.hpp
/// @brief A layer of M-P neurons run on a whole batch at once: A = step(W·X + b), b = −θ.
///
/// One neuron computes y = f(Σᵢ wᵢxᵢ − θ) for one input. Stack k neurons as the rows of W
/// (k x n) and the m inputs as the columns of X (n x m), and every neuron's answer to every
/// input comes out of one matrix product:
///
///     Z = W·X + b      Z is k x m, b = −θ is k x 1 and is added to every column
///     A = step(Z)      A(i, j) is neuron i's output for input j
///
/// The three steps are the course's kernels (dl::matmul, dl::add_bias, dl::activation_forward
/// with Activation::Step), so the layer runs on the CPU or the GPU, wherever its tensors live.
#pragma once

#include "core/eigen_view.hpp"
#include "core/tensor.hpp"

namespace ch01 {

/// The parameters of k threshold neurons on `device`: W (k x n) and b = −θ (k x 1).
struct ThresholdLayer {
    dl::Tensor W;  ///< k x n weights, one neuron per row
    dl::Tensor b;  ///< k x 1 bias b = −θ
};

/// Copies W (k x n) and the thresholds θ (k values) to `device`, storing b = −θ.
ThresholdLayer make_threshold_layer(const dl::Matrix& W, const Eigen::VectorXf& theta,
                                    dl::Device device);

/// A = step(W·X + b) for the columns of X (n x m, on the layer's device); A is k x m there.
dl::Tensor threshold_forward(const ThresholdLayer& layer, const dl::Tensor& X);

/// Fraction of columns j with A(0, j) == Y(j) (A is 1 x m on any device, Y is 1 x m).
double accuracy(const dl::Tensor& A, const Eigen::RowVectorXf& Y);

}  // namespace ch01
