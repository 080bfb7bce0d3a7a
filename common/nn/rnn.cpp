/// @file rnn.cpp
/// @brief The plain RNN layer's forward pass and backpropagation through time (see rnn.hpp),
/// on dl::matmul, dl::add_bias and the tanh kernels.
#include "rnn.hpp"

#include "../kernels/activation.hpp"
#include "../kernels/axpby.hpp"
#include "../kernels/bias.hpp"
#include "../kernels/matmul.hpp"
#include "../kernels/reduce.hpp"

namespace dl::nn {

RNN::RNN(int64_t hidden, int64_t steps, Returns returns) : Recurrent(hidden, steps, returns) {}

std::string RNN::describe() const {
    return cat("RNN ", H_, ", T = ", T_, returns_ == Returns::Last ? ", last step" : "");
}

void RNN::declare(const Shape& in, ParamStore& params) {
    D_ = in.rows();
    DL_CHECK(D_ > 0, "RNN '", name(), "': the input ", in.str(), " has no features");
    W_x_ = &params.add(name() + ".W_x", Shape::matrix(H_, D_), Fill::random(Init::Xavier), true);
    W_h_ = &params.add(name() + ".W_h", Shape::matrix(H_, H_), Fill::random(Init::Xavier), true);
    b_ = &params.add(name() + ".b", Shape::column(H_), Fill::constant(0.0), false);
}

void RNN::reserve(const Shape& in, const Context& ctx) {
    const int64_t cols = in.cols();  // T·B at the largest batch
    Z_ = Tensor(Shape::matrix(H_, cols), ctx.dtype, ctx.device);
    dZ_ = Tensor(Shape::matrix(H_, cols), ctx.dtype, ctx.device);
    dh_ = Tensor(Shape::matrix(H_, cols), ctx.dtype, ctx.device);
    if (returns_ == Returns::Last) Hs_ = Tensor(Shape::matrix(H_, cols), ctx.dtype, ctx.device);
    db_tmp_ = Tensor(Shape::column(H_), ctx.dtype, ctx.device);
    reserve_state(cols, ctx, false);
}

//! [rnn_forward]
void RNN::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    const int64_t T = T_, B = batch_of(x.shape()), N = T * B;
    Tensor Z = Z_.first(Shape::matrix(H_, N));
    Tensor Hs = returns_ == Returns::Sequence ? y : Hs_.first(Shape::matrix(H_, N));
    auto step = [B](const Tensor& M, int64_t t) { return M.slice_cols(t * B, (t + 1) * B); };
    matmul(W_x_->value, x, Z);  // Z = W_x·X          all steps in one product (H x T·B)
    add_bias(Z, b_->value);     // Z(:, j) += b
    const Tensor h_init = initial_h(B);
    for (int64_t t = 0; t < T; ++t) {
        Tensor Zt = step(Z, t), ht = step(Hs, t);
        if (t > 0 || !zero_state())  // Z_t += W_h·h_{t−1}
            matmul(W_h_->value, t > 0 ? step(Hs, t - 1) : h_init, Zt, Trans::N, Trans::N, 1.0, 1.0);
        activation_forward(Activation::Tanh, Zt, ht);  // h_t = tanh(Z_t)
    }
    if (returns_ == Returns::Last) axpby(1.0, step(Hs, T - 1), 0.0, y);  // y = h_{T−1}
    keep_final(step(Hs, T - 1), nullptr);
}
//! [rnn_forward]

//! [rnn_backward]
void RNN::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    const int64_t T = T_, B = batch_of(x.shape()), N = T * B;
    const Tensor Z = Z_.first(Shape::matrix(H_, N));
    const Tensor Hs = returns_ == Returns::Sequence ? y : Hs_.first(Shape::matrix(H_, N));
    Tensor dZ = dZ_.first(Shape::matrix(H_, N));
    Tensor dh = dh_.first(Shape::matrix(H_, B));
    auto step = [B](const Tensor& M, int64_t t) { return M.slice_cols(t * B, (t + 1) * B); };
    for (int64_t t = T - 1; t >= 0; --t) {
        // dh_t = dy_t + W_hᵀ·dZ_{t+1}: the output at t, and everything after t through h_{t+1}.
        if (t < T - 1)
            matmul(W_h_->value, step(dZ, t + 1), dh, Trans::T, Trans::N);
        if (returns_ == Returns::Sequence)
            axpby(1.0, step(dy, t), t < T - 1 ? 1.0 : 0.0, dh);
        else if (t == T - 1)
            axpby(1.0, dy, 0.0, dh);  // many-to-one: only the last step sees the output
        record(dh, t, T);
        Tensor dZt = step(dZ, t);
        activation_backward(Activation::Tanh, step(Z, t), dh, dZt);  // dZ_t = dh_t ⊙ (1 − h_t²)
    }
    // ∂J/∂h_{−1} = W_hᵀ·dZ_0: where a longer backward pass would go on (truncated here).
    matmul(W_h_->value, step(dZ, 0), dh0_at(B), Trans::T, Trans::N);
    // The shared weights: the sum over the steps, each as one product over many columns.
    if (T > 1)  // dW_h += Σ_{t≥1} dZ_t·h_{t−1}ᵀ
        matmul(dZ.slice_cols(B, N), Hs.slice_cols(0, N - B), W_h_->grad, Trans::N, Trans::T, 1.0,
               1.0);
    if (!zero_state())  // … and dZ_0·h_{−1}ᵀ for a carried state
        matmul(step(dZ, 0), initial_h(B), W_h_->grad, Trans::N, Trans::T, 1.0, 1.0);
    matmul(dZ, x, W_x_->grad, Trans::N, Trans::T, 1.0, 1.0);  // dW_x += dZ·Xᵀ
    row_sums(dZ, db_tmp_);                                    // Σ over steps and sequences
    axpby(1.0, db_tmp_, 1.0, b_->grad);                       // db += …
    if (dx) matmul(W_x_->value, dZ, *dx, Trans::T, Trans::N);  // dX = W_xᵀ·dZ
}
//! [rnn_backward]

}  // namespace dl::nn
