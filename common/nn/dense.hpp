/// @file dense.hpp
/// @brief dl::nn::Dense: the fully connected layer (全连接层), Z = W·A_prev + b.
///
/// For a layer of n[l] units fed with A_prev (n[l−1] x m: one sample per column), with
/// W (n[l] x n[l−1]) and b (n[l] x 1):
///
///     forward:   Z = W·A_prev + b                       (n[l] x m; b added to every column)
///     backward:  dW += dZ·A_prevᵀ                       (n[l] x n[l−1])
///                db += Σ_j dZ(:, j)                     (n[l] x 1)
///                dA_prev = Wᵀ·dZ                        (n[l−1] x m)
///
/// Here dZ = ∂J/∂Z is the gradient of the cost J = (1/m) Σ_j L(j), which already carries the
/// 1/m: the lecture's dZ = A − Y at a softmax output arrives as (A − Y)/m (the loss puts it
/// there, loss.hpp), so dW = dZ·A_prevᵀ here is the lecture's (1/m)·dZ·A_prevᵀ. The products
/// use dl::matmul with transposed operands (no transpose is ever copied).
///
/// The input may be any batch shape: an image batch [W x H x C x m] is multiplied as its
/// (C·H·W) x m matrix view, so no Flatten is needed in front of a Dense layer (Flatten exists to
/// make summaries read like the papers).
///
/// W starts by the initialisation given (He by default, for ReLU networks; init.hpp), b at 0;
/// W is subject to weight decay, b is not.
#pragma once

#include "init.hpp"
#include "layer.hpp"
#include "param_store.hpp"

namespace dl::nn {

/// Functions a Dense layer can run instead of its own: chapter 4 plugs in the student's
/// exercises (exercises/ch04.hpp). They follow the lecture's per-sample convention — backward
/// *assigns* dW = (1/m)·dZ·A_prevᵀ, db = (1/m)·Σ_j dZ(:, j), dA_prev = Wᵀ·dZ — so the layer hands
/// them ∂J/∂Z (whose 1/m then appears twice in dW and db) and adds m·dW and m·db to its
/// gradients: the result is the layer's own dW += dZ·A_prevᵀ.
struct DenseOps {
    void (*forward)(const Tensor& W, const Tensor& b, const Tensor& A_prev, Tensor& Z) = nullptr;
    void (*backward)(const Tensor& dZ, const Tensor& A_prev, const Tensor& W, Tensor& dW,
                     Tensor& db, Tensor* dA_prev) = nullptr;
};

class Dense : public Layer {
public:
    /// A layer of `units` neurons; W initialised by `init`.
    explicit Dense(int64_t units, Init init = Init::He);

    const char* kind() const override { return "Dense"; }
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override;
    void declare(const Shape& in, ParamStore& params) override;
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    /// Runs `ops` instead of the layer's own forward and backward (both must be set).
    void set_ops(const DenseOps& ops);

    int64_t units() const { return units_; }
    Param& W() { return *W_; }
    Param& b() { return *b_; }

private:
    int64_t units_, in_ = 0;
    Init init_;
    Param* W_ = nullptr;
    Param* b_ = nullptr;
    Tensor db_tmp_;          // Σ_j dZ(:, j) before it is added to db
    Tensor dW_ops_, db_ops_;  // the ops' assigned gradients (only with set_ops)
    DenseOps ops_;
};

}  // namespace dl::nn
