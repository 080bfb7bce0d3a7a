/// @file mlp.hpp
/// @brief The multi-layer perceptron (多层感知机) [LINEAR → g] × (L−1) → LINEAR, built from layers.
///
/// Layer sizes n[0] (inputs), n[1], …, n[L] (outputs). With A[0] = X (n[0] x m):
///
///     Z[l] = W[l]·A[l−1] + b[l],   A[l] = g(Z[l])     l = 1 … L−1   (Dense, then the activation)
///     Z[L] = W[L]·A[L−1] + b[L]                       (the logits; the loss applies softmax)
///
/// A net with no hidden layer (sizes {n, K}) is softmax regression (logistic regression for
/// K = 2, since softmax(z₀, z₁)₁ = σ(z₁ − z₀)).
#pragma once

#include <memory>
#include <vector>

#include "../kernels/activation.hpp"
#include "init.hpp"
#include "model.hpp"
#include "sequential.hpp"

namespace dl::nn {

/// The layers Dense(n[1]), g, Dense(n[2]), g, …, Dense(n[L]) for sizes = {n[0], …, n[L]}
/// (n[0], the input size, is the Model's business). Every W initialised by `init`.
std::unique_ptr<Sequential> make_mlp(const std::vector<int64_t>& sizes, Activation g,
                                     Init init = Init::He, double leaky_alpha = 0.01);

/// The same, built into a Model for inputs of n[0] features and batches up to max_batch.
std::unique_ptr<Model> make_mlp_model(const std::vector<int64_t>& sizes, Activation g, Init init,
                                      int64_t max_batch, const Context& ctx = {});

}  // namespace dl::nn
