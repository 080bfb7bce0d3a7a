/// @file lstm.cpp
/// @brief The LSTM layer's forward pass and backward pass through time (see lstm.hpp), on
/// dl::matmul, dl::add_bias and the fused cell kernels of kernels/lstm.hpp.
#include "lstm.hpp"

#include "../kernels/axpby.hpp"
#include "../kernels/bias.hpp"
#include "../kernels/lstm.hpp"
#include "../kernels/matmul.hpp"
#include "../kernels/reduce.hpp"

namespace dl::nn {

LSTM::LSTM(int64_t hidden, int64_t steps, Returns returns) : Recurrent(hidden, steps, returns) {}

std::string LSTM::describe() const {
    return cat("LSTM ", H_, ", T = ", T_, returns_ == Returns::Last ? ", last step" : "");
}

void LSTM::declare(const Shape& in, ParamStore& params) {
    D_ = in.rows();
    DL_CHECK(D_ > 0, "LSTM '", name(), "': the input ", in.str(), " has no features");
    W_x_ = &params.add(name() + ".W_x", Shape::matrix(4 * H_, D_), Fill::random(Init::Xavier),
                       true);
    W_h_ = &params.add(name() + ".W_h", Shape::matrix(4 * H_, H_), Fill::random(Init::Xavier),
                       true);
    // [b_f; b_i; b_C; b_o] = [1; 0; 0; 0]: the forget gates start open.
    b_ = &params.add(name() + ".b", Shape::column(4 * H_), Fill::by_blocks({1.0, 0.0, 0.0, 0.0}),
                     false);
}

void LSTM::reserve(const Shape& in, const Context& ctx) {
    const int64_t cols = in.cols();  // T·B at the largest batch
    G_ = Tensor(Shape::matrix(4 * H_, cols), ctx.dtype, ctx.device);
    dG_ = Tensor(Shape::matrix(4 * H_, cols), ctx.dtype, ctx.device);
    C_ = Tensor(Shape::matrix(H_, cols), ctx.dtype, ctx.device);
    dh_ = Tensor(Shape::matrix(H_, cols), ctx.dtype, ctx.device);
    dc_ = Tensor(Shape::matrix(H_, cols), ctx.dtype, ctx.device);
    if (returns_ == Returns::Last) Hs_ = Tensor(Shape::matrix(H_, cols), ctx.dtype, ctx.device);
    db_tmp_ = Tensor(Shape::column(4 * H_), ctx.dtype, ctx.device);
    reserve_state(cols, ctx, true);
}

//! [lstm_forward]
void LSTM::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    const int64_t T = T_, B = batch_of(x.shape()), N = T * B;
    G_view_ = G_.first(Shape::matrix(4 * H_, N));
    C_view_ = C_.first(Shape::matrix(H_, N));
    Tensor& G = G_view_;
    Tensor& C = C_view_;
    Tensor Hs = returns_ == Returns::Sequence ? y : Hs_.first(Shape::matrix(H_, N));
    auto step = [B](const Tensor& M, int64_t t) { return M.slice_cols(t * B, (t + 1) * B); };
    matmul(W_x_->value, x, G);  // Z = W_x·X        the four gates of every step: one GEMM
    add_bias(G, b_->value);     // Z(:, j) += b
    const Tensor h_init = initial_h(B), c_init = initial_c(B);
    for (int64_t t = 0; t < T; ++t) {
        Tensor Gt = step(G, t), Ct = step(C, t), ht = step(Hs, t);
        if (t > 0 || !zero_state())  // Z_t += W_h·h_{t−1}
            matmul(W_h_->value, t > 0 ? step(Hs, t - 1) : h_init, Gt, Trans::N, Trans::N, 1.0, 1.0);
        // f, i, C̃, o = σ, σ, tanh, σ of Z_t (over Z_t);  C_t = f⊙C_{t−1} + i⊙C̃;  h_t = o⊙tanh C_t
        lstm_cell_forward(Gt, t > 0 ? step(C, t - 1) : c_init, Gt, Ct, ht);
    }
    if (returns_ == Returns::Last) axpby(1.0, step(Hs, T - 1), 0.0, y);  // y = h_{T−1}
    const Tensor c_last = step(C, T - 1);
    keep_final(step(Hs, T - 1), &c_last);
}
//! [lstm_forward]

//! [lstm_backward]
void LSTM::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    const int64_t T = T_, B = batch_of(x.shape()), N = T * B;
    const Tensor G = G_.first(Shape::matrix(4 * H_, N));
    const Tensor C = C_.first(Shape::matrix(H_, N));
    const Tensor Hs = returns_ == Returns::Sequence ? y : Hs_.first(Shape::matrix(H_, N));
    Tensor dG = dG_.first(Shape::matrix(4 * H_, N));
    Tensor dh = dh_.first(Shape::matrix(H_, B));
    Tensor dc = dc_.first(Shape::matrix(H_, B));
    auto step = [B](const Tensor& M, int64_t t) { return M.slice_cols(t * B, (t + 1) * B); };
    const Tensor c_init = initial_c(B);
    dc.fill(0.0);  // nothing reaches C_{T−1} from after the window
    for (int64_t t = T - 1; t >= 0; --t) {
        // dh_t = dy_t + W_hᵀ·dZ_{t+1}: the output at t, and the steps after t through h_{t+1}.
        if (t < T - 1)
            matmul(W_h_->value, step(dG, t + 1), dh, Trans::T, Trans::N);
        if (returns_ == Returns::Sequence)
            axpby(1.0, step(dy, t), t < T - 1 ? 1.0 : 0.0, dh);
        else if (t == T - 1)
            axpby(1.0, dy, 0.0, dh);  // many-to-one: only the last step sees the output
        record(dh, t, T);
        // dZ_t from dh_t and dC_t; dC ← dC_{t−1} = dC_t ⊙ f_t (in place)
        Tensor dGt = step(dG, t);
        lstm_cell_backward(step(G, t), t > 0 ? step(C, t - 1) : c_init, step(C, t), dh, dc, dGt,
                           dc);
    }
    // ∂J/∂h_{−1} and ∂J/∂C_{−1}: where a longer backward pass would go on (truncated here).
    matmul(W_h_->value, step(dG, 0), dh0_at(B), Trans::T, Trans::N);
    axpby(1.0, dc, 0.0, dc0_at(B));
    // The shared weights: the sum over the steps, each as one product over many columns.
    if (T > 1)  // dW_h += Σ_{t≥1} dZ_t·h_{t−1}ᵀ
        matmul(dG.slice_cols(B, N), Hs.slice_cols(0, N - B), W_h_->grad, Trans::N, Trans::T, 1.0,
               1.0);
    if (!zero_state())  // … and dZ_0·h_{−1}ᵀ for a carried state
        matmul(step(dG, 0), initial_h(B), W_h_->grad, Trans::N, Trans::T, 1.0, 1.0);
    matmul(dG, x, W_x_->grad, Trans::N, Trans::T, 1.0, 1.0);  // dW_x += dZ·Xᵀ
    row_sums(dG, db_tmp_);                                    // Σ over steps and sequences
    axpby(1.0, db_tmp_, 1.0, b_->grad);                       // db += …
    if (dx) matmul(W_x_->value, dG, *dx, Trans::T, Trans::N);  // dX = W_xᵀ·dZ
}
//! [lstm_backward]

}  // namespace dl::nn
