/// @file mlp.hpp
/// @brief dl::nn::Mlp: the L-layer network [LINEAR → g] × (L−1) → LINEAR → softmax.
///
/// Layer sizes n[0] (inputs), n[1], …, n[L] (classes). Forward, with A[0] = X (n[0] x m):
///
///     Z[l] = W[l]·A[l−1] + b[l],   A[l] = g(Z[l])        l = 1 … L−1   (hidden: tanh, ReLU, …)
///     Z[L] = W[L]·A[L−1] + b[L],   A[L] = softmax(Z[L])  (class probabilities, K x m)
///
/// The forward pass keeps Z[l] and A[l] (the lecture's "cache") for the backward pass, which
/// runs from the output to the input, exactly as the lecture derives it:
///
///     dZ[L] = A[L] − Y                                   (softmax with cross-entropy)
///     dW[l] = (1/m)·dZ[l]·A[l−1]ᵀ,  db[l] = (1/m)·Σ_j dZ[l](:, j)
///     dA[l−1] = W[l]ᵀ·dZ[l],        dZ[l−1] = dA[l−1] ⊙ g'(Z[l−1])
///
/// With two classes, softmax over two outputs is logistic regression's sigmoid in disguise:
/// softmax(z₀, z₁)₁ = σ(z₁ − z₀). A net with no hidden layer (sizes {n, K}) is softmax (or
/// logistic) regression.
///
/// Every buffer (Z, A, dZ, dA per layer, gradients, the loss row) is allocated once for a
/// largest batch; a smaller batch uses the first columns of each buffer, so a training step
/// allocates nothing. Works on either device, in float32, or float64 on the CPU (gradient
/// checks).
#pragma once

#include <string>
#include <vector>

#include "../core/rng.hpp"
#include "../kernels/activation.hpp"
#include "dense.hpp"
#include "init.hpp"

namespace dl::nn {

/// A trainable tensor and its gradient, with the lecture's name ("W1", "b1", …).
struct Param {
    std::string name;
    Tensor* value;
    Tensor* grad;
};

class Mlp {
public:
    /// sizes = {n[0], n[1], …, n[L]}; `hidden` is g for layers 1 … L−1; buffers for up to
    /// `max_batch` samples (more later grows them, outside the training loop).
    Mlp(std::vector<int64_t> sizes, Activation hidden, Device device = Device::CPU,
        DType dtype = DType::F32, int64_t max_batch = 64, float leaky_alpha = 0.01f);

    /// W[l] by `init`, b[l] = 0.
    void init(Init init, Rng& rng);

    /// Forward pass of X (n[0] x m): returns A[L] = softmax(Z[L]) (K x m, a view of the cache).
    Tensor forward(const Tensor& X);

    /// Forward pass, the softmax cross-entropy loss against Y (K x m, one-hot), and the
    /// backward pass: fills every dW[l], db[l]. Returns the per-sample losses L (1 x m);
    /// the cost is J = (1/m) Σ_j L(0, j). output() then holds A[L].
    Tensor forward_backward(const Tensor& X, const Tensor& Y);

    /// Forward pass and the per-sample losses against Y, without the backward pass (for
    /// evaluation): returns L (1 x m); output() holds A[L].
    Tensor forward_loss(const Tensor& X, const Tensor& Y);

    /// A[L] of the last forward pass (K x m).
    Tensor output() const { return layers_.back().A.slice_cols(0, m_); }
    /// Z[l] or A[l] (l = 1 … L) of the last forward pass (the cache), n[l] x m.
    Tensor Z(int l) const { return layer(l).Z.slice_cols(0, m_); }
    Tensor A(int l) const { return layer(l).A.slice_cols(0, m_); }

    int num_layers() const { return static_cast<int>(layers_.size()); }  ///< L
    const std::vector<int64_t>& sizes() const { return sizes_; }
    Activation hidden() const { return hidden_; }
    Device device() const { return device_; }
    DType dtype() const { return dtype_; }
    int64_t num_parameters() const;

    Tensor& W(int l) { return layer(l).W; }
    Tensor& b(int l) { return layer(l).b; }
    Tensor& dW(int l) { return layer(l).dW; }
    Tensor& db(int l) { return layer(l).db; }
    const Tensor& W(int l) const { return layer(l).W; }
    const Tensor& b(int l) const { return layer(l).b; }

    /// W1, b1, W2, b2, … with their gradients.
    std::vector<Param> params();

    /// The functions the layers run (the student's, in the chapter's _mine program).
    void set_ops(const DenseOps& ops) { ops_ = ops; }
    const DenseOps& ops() const { return ops_; }

    /// "784-256-128-10 relu".
    std::string describe() const;

private:
    struct Layer {
        Tensor W, b, dW, db;  // parameters and gradients
        Tensor Z, A, dZ, dA;  // caches and backward buffers, capacity columns each
    };
    Layer& layer(int l);
    const Layer& layer(int l) const;
    void reserve(int64_t m);
    void run_forward(const Tensor& X);

    std::vector<int64_t> sizes_;
    Activation hidden_;
    Device device_;
    DType dtype_;
    float alpha_;
    int64_t capacity_ = 0, m_ = 0;
    std::vector<Layer> layers_;
    Tensor L_;  // per-sample losses, 1 x capacity
    DenseOps ops_;
};

}  // namespace dl::nn
