/// @file softmax_regression.hpp
/// @brief Softmax regression: logistic regression for K classes, on the course's kernels.
///
/// With W (K x n) and b (K x 1):
///
///     Z = W·X + b                 K x m logits (b broadcast over the columns)
///     A = softmax(Z)              K x m, each column a probability distribution
///     L = −Σ_k Y_k log A_k        per sample (cross-entropy, 交叉熵), J = (1/m) Σ L
///     dZ = A − Y                  the same form as logistic regression's dz = a − y
///     dW = (1/m) dZ·Xᵀ,  db = (1/m) Σ_j dZ(:, j)
///
/// For K = 2 this is logistic regression again (with one redundant set of weights). Every step
/// runs on the kernels (matmul, add_bias, softmax_cross_entropy, row_means, sgd_update), so the
/// same code trains on the CPU or the GPU (--device).
#pragma once

#include <vector>

#include "core/tensor.hpp"

namespace ch02 {

struct SoftmaxModel {
    dl::Tensor W;  ///< K x n
    dl::Tensor b;  ///< K x 1
};

struct SoftmaxResult {
    SoftmaxModel model;
    std::vector<double> train_cost;  ///< J per epoch
};

/// Trains by mini-batch gradient descent: `epochs` passes over X (n x m, labels y), batches of
/// `batch` columns in an order shuffled by `seed`, learning rate lr; W starts at 0.
SoftmaxResult train_softmax(const dl::Tensor& X, const std::vector<int>& y, int classes,
                            double lr, int epochs, int batch, uint64_t seed, dl::Device device,
                            bool progress);

/// argmax_k Z(k, j) for every sample (computed on the model's device, read back).
std::vector<int> predict_softmax(const SoftmaxModel& model, const dl::Tensor& X);

/// The class probabilities A = softmax(W·x + b) of column j of X (on the CPU, in double).
std::vector<double> softmax_probabilities(const SoftmaxModel& model, const dl::Tensor& X,
                                          int64_t j);

}  // namespace ch02
