/// @file rnn.hpp
/// @brief dl::nn::RNN: the plain (vanilla) recurrent layer, forward and backpropagation through
/// time written out.
///
/// The lecture's RNN cell: the state at step t is the tanh of the previous state and the input,
///
///     h_t = tanh(W·[h_{t−1}, x_t] + b) = tanh(W_h·h_{t−1} + W_x·x_t + b)       (H x B)
///
/// where W = [W_h  W_x] (H x (H + D)) acts on the stacked vector [h_{t−1}; x_t]; the layer keeps
/// the two blocks as two parameters, W_h (H x H) and W_x (H x D), so that W_x·x_t of every step
/// is one product. Shapes and the time-major layout: recurrent.hpp.
///
/// Forward, with Z_t the pre-activation (kept for the backward pass):
///
///     Z = W_x·X + b                        all T steps at once (H x T·B: one GEMM)
///     for t = 0 … T−1:  Z_t += W_h·h_{t−1};  h_t = tanh(Z_t)
///
/// Backpropagation through time (BPTT, 随时间反向传播): J depends on h_t through the output at t
/// (dy_t; only the last step for many-to-one) and through h_{t+1}, so walking back from T − 1:
///
///     dh_t  = dy_t + W_hᵀ·dZ_{t+1}         ∂J/∂h_t      (dZ_T = 0)
///     dZ_t  = dh_t ⊙ (1 − h_t²)            ∂J/∂Z_t      (tanh' = 1 − tanh²)
///     then, once for all steps:
///     dW_h += Σ_t dZ_t·h_{t−1}ᵀ            one GEMM over the T·B columns
///     dW_x += dZ·Xᵀ,  db += Σ_columns dZ,  dX = W_xᵀ·dZ
///
/// The weights are shared by all steps, so their gradient is the sum over the steps (the layer
/// contract adds it to dW). Going back k steps multiplies the gradient by k factors
/// W_hᵀ·diag(1 − h²): with |tanh'| ≤ 1 and W_h's largest singular value below 1 it shrinks
/// geometrically — the vanishing gradient (梯度消失) — and above 1 it can grow geometrically —
/// the exploding gradient (梯度爆炸) that clipping (nn::clip_grad_norm) bounds.
///
/// Initialisation: W_x and W_h Xavier (tanh units), b = 0.
#pragma once

#include "recurrent.hpp"

namespace dl::nn {

class RNN : public Recurrent {
public:
    /// H hidden units, T steps per call, every h_t or the last one.
    RNN(int64_t hidden, int64_t steps, Returns returns = Returns::Sequence);

    const char* kind() const override { return "RNN"; }
    std::string describe() const override;
    void declare(const Shape& in, ParamStore& params) override;
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    Param& W_x() { return *W_x_; }
    Param& W_h() { return *W_h_; }
    Param& b() { return *b_; }

private:
    Param *W_x_ = nullptr, *W_h_ = nullptr, *b_ = nullptr;
    Tensor Z_, Hs_, dZ_, dh_, db_tmp_;
};

}  // namespace dl::nn
