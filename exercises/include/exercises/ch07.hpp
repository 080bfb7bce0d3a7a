/// @file ch07.hpp
/// @brief Chapter 7 exercises: the RNN cell and the LSTM cell as the lecture writes them, the
/// LSTM cell's backward pass, global-norm gradient clipping, and sampling with temperature.
///
/// Each function is written twice: your version in exercises/ch07/<name>.cpp (a stub until you
/// fill it in) and the reference in solutions/ch07/<name>.cpp. The graded tests in
/// exercises/graded/ch07/ check yours with hand-computed values and gradient checks, and
/// `./course run 7 --mine` runs the chapter on yours: its cell-by-cell comparison with the
/// course's layers (section 2) uses your cells, and the poems it writes are drawn by your
/// sampling function.
///
/// Conventions. One step of a batch of B sequences: x_t is D x B (one sequence per column),
/// h_{t−1}, C_{t−1} are H x B. The lecture writes every product on the stacked vector
/// [h_{t−1}, x_t]: in matrix form the (H + D) x B matrix with h_{t−1} on top of x_t,
///
///     MatrixD hx(H + D, B);  hx << h_prev, x;        // Eigen's comma initializer stacks rows
///
/// so each W is H x (H + D) and b is H x 1, added to every column
/// (`(W * hx).colwise() + b`). Element-wise products are `.cwiseProduct()` (or `.array() *`),
/// σ(z) = 1/(1 + e^{−z}) and tanh elementwise are `unaryExpr` or `.array().tanh()`.
/// Everything is double precision, so that the graded gradient check can reach 1e-7.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "core/eigen_view.hpp"
#include "core/rng.hpp"

namespace dl::exercises {

/// Exercise ch07.rnn_cell_forward — one step of the plain RNN (循环神经网络): the state is
/// the tanh of the previous state and the input,
///
///     h_t = tanh(W·[h_{t−1}, x_t] + b)
///
/// Shapes: W H x (H + D), b H x 1, h_prev H x B, x D x B; returns h_t, H x B.
///
/// Example: H = D = 1, W = [−1 0.5], b = 0.1, h_prev = 0.5370496, x = 2:
/// W·[h; x] + b = −0.5370496 + 1 + 0.1 = 0.5629504, h_t = tanh 0.5629504 = 0.5101633.
MatrixD rnn_cell_forward(const MatrixD& W, const Eigen::VectorXd& b, const MatrixD& h_prev,
                         const MatrixD& x);

/// The LSTM's weights, one matrix and one bias per gate, as in the lecture: each W is
/// H x (H + D) (acting on [h_{t−1}, x_t]), each b is H x 1.
struct LstmParams {
    MatrixD W_f, W_i, W_C, W_o;
    Eigen::VectorXd b_f, b_i, b_C, b_o;
};

/// What one LSTM step computes and its backward pass needs (all H x B but hx).
struct LstmCache {
    MatrixD hx;       ///< [h_{t−1}; x_t], (H + D) x B
    MatrixD f, i;     ///< forget and input gates
    MatrixD C_tilde;  ///< candidate cell state C̃_t
    MatrixD o;        ///< output gate
    MatrixD c_prev;   ///< C_{t−1}
    MatrixD c;        ///< C_t
    MatrixD h;        ///< h_t
};

/// Exercise ch07.lstm_cell_forward — one step of the LSTM (长短期记忆), exactly the lecture's
/// six equations:
///
///     f_t = σ(W_f·[h_{t−1}, x_t] + b_f)          forget gate (遗忘门)
///     i_t = σ(W_i·[h_{t−1}, x_t] + b_i)          input gate (输入门)
///     C̃_t = tanh(W_C·[h_{t−1}, x_t] + b_C)       candidate cell state
///     C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t             cell state (细胞状态)
///     o_t = σ(W_o·[h_{t−1}, x_t] + b_o)          output gate (输出门)
///     h_t = o_t ⊙ tanh(C_t)
///
/// Fill every field of the returned LstmCache (the backward pass reads them).
///
/// Example: H = D = 1, every W = [0 0] and b = (b_f, b_i, b_C, b_o) = (1, −1, 0.5, 2), so the
/// gates ignore h and x: f = σ(1) = 0.7310586, i = σ(−1) = 0.2689414, C̃ = tanh 0.5 = 0.4621172,
/// o = σ(2) = 0.8807971; with C_{t−1} = −0.3: C_t = −0.2193176 + 0.1242825 = −0.0950351 and
/// h_t = 0.8807971·tanh(−0.0950351) = −0.0834556.
LstmCache lstm_cell_forward(const LstmParams& p, const MatrixD& h_prev, const MatrixD& c_prev,
                            const MatrixD& x);

/// The gradients of one LSTM step (the shapes of what they are the gradient of).
struct LstmGrads {
    MatrixD dW_f, dW_i, dW_C, dW_o;
    Eigen::VectorXd db_f, db_i, db_C, db_o;
    MatrixD dh_prev, dc_prev, dx;
};

/// Exercise ch07.lstm_cell_backward — backpropagation through one LSTM step. Given
/// dh = ∂J/∂h_t and dc = ∂J/∂C_t (what the later steps send back along the cell; zeros at the
/// last step), with Z_g = W_g·[h_{t−1}, x_t] + b_g the pre-activation of gate g:
///
///     dC   = dc + dh ⊙ o ⊙ (1 − tanh² C_t)       everything that reaches C_t
///     do   = dh ⊙ tanh C_t
///     df   = dC ⊙ C_{t−1},   di = dC ⊙ C̃_t,   dC̃ = dC ⊙ i_t
///     dZ_f = df ⊙ f(1 − f),  dZ_i = di ⊙ i(1 − i),  dZ_C = dC̃ ⊙ (1 − C̃²),  dZ_o = do ⊙ o(1 − o)
///     dW_g = dZ_g·[h_{t−1}, x_t]ᵀ,   db_g = Σ_columns dZ_g        (for g = f, i, C, o)
///     d[h_{t−1}, x_t] = Σ_g W_gᵀ·dZ_g   → split: the top H rows are dh_prev, the rest dx
///     dc_prev = dC ⊙ f_t
///
/// Assign (do not add to) every field. The graded test checks all of them against two-sided
/// differences in double precision (relative error ≤ 1e-7), with a state carried in.
LstmGrads lstm_cell_backward(const LstmParams& p, const LstmCache& cache, const MatrixD& dh,
                             const MatrixD& dc);

/// Exercise ch07.clip_grad_norm — global-norm gradient clipping (梯度裁剪):
///
///     ‖g‖ = √(Σ over every element of every matrix in grads of its square)
///     if ‖g‖ > max_norm:  every matrix ← matrix · max_norm / ‖g‖
///
/// All matrices are scaled by the same factor, so the direction of the whole gradient is kept
/// and only the length of the step is bounded. Returns ‖g‖ before clipping. max_norm must be
/// > 0 (throw dl::Error otherwise).
///
/// Example: grads {[3], [4]}: ‖g‖ = 5; with max_norm 1 they become {[0.6], [0.8]}, and 5 is
/// returned; with max_norm 10 nothing changes.
double clip_grad_norm(std::vector<MatrixD>& grads, double max_norm);

/// Exercise ch07.sample_with_temperature — draw the next character of a language model:
///
///     p_k = softmax(z / τ)_k = e^{(z_k − max z)/τ} / Σ_j e^{(z_j − max z)/τ}
///
/// then call rng.uniform() exactly ONCE for u in [0, 1) and return the smallest k with
/// p_0 + … + p_k > u (the inverse of the cumulative distribution; if rounding leaves the total
/// just below u, return the last k with p_k > 0). τ = 1 samples the model's own distribution,
/// τ < 1 sharpens it (τ → 0: always the most likely character), τ > 1 flattens it. Subtract the
/// maximum before exponentiating: logits of 1000 must work. Throw dl::Error for an empty z or a
/// τ that is not a positive finite number.
///
/// Example: z = (0, log 3), τ = 1: p = (0.25, 0.75); u = 0.2 gives 0, u = 0.3 gives 1.
int sample_with_temperature(const Eigen::VectorXd& logits, double temperature, Rng& rng);

}  // namespace dl::exercises
