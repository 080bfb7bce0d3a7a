/// @file lstm.hpp
/// @brief dl::nn::LSTM: long short-term memory (长短期记忆网络), exactly the lecture's
/// equations, forward and backward through time.
///
/// One step, for a batch of B sequences (H x B each; recurrent.hpp for the layout):
///
///     f_t = σ(W_f·[h_{t−1}, x_t] + b_f)       forget gate (遗忘门): how much of C_{t−1} to keep
///     i_t = σ(W_i·[h_{t−1}, x_t] + b_i)       input gate (输入门): how much of C̃_t to add
///     C̃_t = tanh(W_C·[h_{t−1}, x_t] + b_C)    candidate cell state
///     C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t          the cell state (细胞状态), the "conveyor belt"
///     o_t = σ(W_o·[h_{t−1}, x_t] + b_o)       output gate (输出门)
///     h_t = o_t ⊙ tanh(C_t)                    the hidden state, the layer's output at t
///
/// The four gates' weights are stacked into one matrix in that order, [W_f; W_i; W_C; W_o], and
/// each W_g·[h, x] = W_{g,h}·h + W_{g,x}·x is split by columns into the recurrent and input
/// blocks, so the layer holds
///
///     W_x (4H x D) = [W_{f,x}; W_{i,x}; W_{C,x}; W_{o,x}],   W_h (4H x H) likewise,   b (4H x 1)
///
/// and computes all four pre-activations with two products: Z = W_x·X + b for every step at
/// once (one GEMM over T·B columns), then Z_t += W_h·h_{t−1} step by step. The rest of a step —
/// three sigmoids, two tanh, the products and the sum — is one fused kernel
/// (kernels/lstm.hpp, dl::lstm_cell_forward), which also writes the activated gates over Z_t:
/// the backward pass needs f, i, C̃, o, and C_t, nothing else.
///
/// Backward through time, from T − 1 down to 0, with dC = ∂J/∂C carried along the cell path:
///
///     dh_t = dy_t + W_hᵀ·dZ_{t+1}                       (from the output and from step t + 1)
///     dZ_t, dC_{t−1} = the cell's backward pass          (dl::lstm_cell_backward)
///     then, for all steps at once:
///     dW_h += Σ_t dZ_t·h_{t−1}ᵀ,  dW_x += dZ·Xᵀ,  db += Σ dZ,  dX = W_xᵀ·dZ
///
/// Along the cell state, one step back multiplies the gradient by f_t only (no weight matrix, no
/// squashing derivative): when the forget gate learns to stay near 1 the gradient survives
/// hundreds of steps, which is what the adding problem of chapter 7 measures.
///
/// Initialisation: W_x and W_h Xavier; b_f = 1 and the other biases 0, so that every forget gate
/// starts mostly open (σ(1) ≈ 0.73) instead of halving the memory at each step (Gers, Schmidhuber
/// & Cummins 2000; Jozefowicz, Zaremba & Sutskever 2015). The lecture's equations are unchanged;
/// only the starting point of b_f is chosen.
#pragma once

#include "recurrent.hpp"

namespace dl::nn {

class LSTM : public Recurrent {
public:
    /// H hidden units (and cells), T steps per call, every h_t or the last one.
    LSTM(int64_t hidden, int64_t steps, Returns returns = Returns::Sequence);

    const char* kind() const override { return "LSTM"; }
    std::string describe() const override;
    void declare(const Shape& in, ParamStore& params) override;
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    Param& W_x() { return *W_x_; }
    Param& W_h() { return *W_h_; }
    Param& b() { return *b_; }
    /// The activated gates [f; i; C̃; o] (4H x T·B) and the cell states C (H x T·B) of the last
    /// forward pass (views; valid until the next one).
    const Tensor& gates() const { return G_view_; }
    const Tensor& cells() const { return C_view_; }

private:
    Param *W_x_ = nullptr, *W_h_ = nullptr, *b_ = nullptr;
    Tensor G_, C_, Hs_, dG_, dh_, dc_, db_tmp_, G_view_, C_view_;
};

}  // namespace dl::nn
