/// @file lstm.hpp
/// @brief The LSTM cell's pointwise part, fused: the gates, the cell state and the hidden state
/// of one time step from the gates' pre-activations, and its backward pass.
///
/// The lecture's LSTM (长短期记忆) step, for a batch of B sequences (one per column):
///
///     f_t = σ(W_f·[h_{t−1}, x_t] + b_f)          forget gate   (遗忘门)
///     i_t = σ(W_i·[h_{t−1}, x_t] + b_i)          input gate    (输入门)
///     C̃_t = tanh(W_C·[h_{t−1}, x_t] + b_C)       candidate cell state
///     o_t = σ(W_o·[h_{t−1}, x_t] + b_o)          output gate   (输出门)
///     C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t            cell state    (细胞状态)
///     h_t = o_t ⊙ tanh(C_t)                       hidden state
///
/// The four products W·[h_{t−1}, x_t] + b are matrix products (dl::matmul, done by the caller,
/// nn::LSTM); what is left is elementwise, and is done here in one pass over memory instead of
/// the eleven separate passes (four activations, three products, a sum, a tanh, …) it would take
/// with one kernel per operation.
///
/// Layout. The pre-activations of one step are one 4H x B matrix Z whose rows are the four gates
/// stacked in the lecture's order [f; i; C̃; o] (rows [0, H), [H, 2H), [2H, 3H), [3H, 4H)); the
/// activated gates are written in the same layout. C_{t−1}, C_t, h_t are H x B.
///
/// Backward, given dh = ∂J/∂h_t (from the output and from step t + 1) and dC = ∂J/∂C_t from step
/// t + 1 (the path along the cell state):
///
///     dC  ← dC + dh ⊙ o ⊙ (1 − tanh² C_t)        everything that reaches C_t
///     do  = dh ⊙ tanh C_t
///     df  = dC ⊙ C_{t−1},   di = dC ⊙ C̃,   dC̃ = dC ⊙ i
///     dZ  = [df ⊙ f(1 − f); di ⊙ i(1 − i); dC̃ ⊙ (1 − C̃²); do ⊙ o(1 − o)]   (through σ and tanh)
///     dC_{t−1} = dC ⊙ f                            the cell path: one product by f per step
///
/// The last line is why the LSTM keeps its gradients: along the cell state the gradient is only
/// multiplied by the forget gate, which the network can hold near 1, where a plain RNN
/// multiplies by W_hᵀ and tanh' at every step. tanh C_t is recomputed rather than stored.
///
/// Twins: lstm_cpu.cpp (Eigen arrays, vectorized σ and tanh), lstm_cuda.cu (one thread per
/// unit and sequence). Test: tests/kernels/test_lstm_cell.cpp.
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void lstm_cell_forward(const Tensor& Z, const Tensor& c_prev, Tensor& gates, Tensor& c,
                       Tensor& h);
void lstm_cell_backward(const Tensor& gates, const Tensor& c_prev, const Tensor& c,
                        const Tensor& dh, const Tensor& dc_next, Tensor& dZ, Tensor& dc_prev);
}  // namespace cpu
namespace cuda {
void lstm_cell_forward(const Tensor& Z, const Tensor& c_prev, Tensor& gates, Tensor& c,
                       Tensor& h);
void lstm_cell_backward(const Tensor& gates, const Tensor& c_prev, const Tensor& c,
                        const Tensor& dh, const Tensor& dc_next, Tensor& dZ, Tensor& dc_prev);
}  // namespace cuda

namespace detail {
/// Z (or gates) must be 4H x B for c, h: H x B; names the tensor that does not fit.
inline void check_lstm_shapes(const char* op, const Tensor& Z4, const char* z_name,
                              std::initializer_list<std::pair<const Tensor*, const char*>> hs) {
    DL_CHECK(Z4.rows() % 4 == 0 && Z4.rows() > 0, op, ": ", z_name,
             " must have 4H rows (the gates f, i, C̃, o stacked), got ", Z4.shape().str());
    const Shape hb = Shape::matrix(Z4.rows() / 4, Z4.cols());
    for (const auto& [t, name] : hs)
        DL_CHECK(t->rows() == hb.rows() && t->cols() == hb.cols(), op, ": ", name, " must be ",
                 hb.str(), " (H x B for ", z_name, " ", Z4.shape().str(), "), got ",
                 t->shape().str());
}
}  // namespace detail

/// One LSTM step's pointwise part: from the pre-activations Z = [Z_f; Z_i; Z_C; Z_o] (4H x B)
/// and C_{t−1} (H x B), the activated gates [f; i; C̃; o] (4H x B; `gates` may be Z, the layer
/// activates in place), C_t = f ⊙ C_{t−1} + i ⊙ C̃ and h_t = o ⊙ tanh C_t (both H x B).
inline void lstm_cell_forward(const Tensor& Z, const Tensor& c_prev, Tensor& gates, Tensor& c,
                              Tensor& h) {
    const char* op = "lstm_cell_forward";
    check_same_device(op, {&Z, &c_prev, &gates, &c, &h});
    check_same_dtype(op, {&Z, &c_prev, &gates, &c, &h});
    check_float_dtype(op, Z);
    detail::check_lstm_shapes(op, Z, "Z", {{&c_prev, "c_prev"}, {&c, "c"}, {&h, "h"}});
    DL_CHECK(gates.rows() == Z.rows() && gates.cols() == Z.cols(), op, ": gates must be ",
             Shape::matrix(Z.rows(), Z.cols()).str(), " like Z, got ", gates.shape().str());
    DL_DISPATCH(Z.device(), lstm_cell_forward, Z, c_prev, gates, c, h);
}

/// The step's backward pass (formulas above): from the activated `gates` (4H x B), C_{t−1},
/// C_t, dh = ∂J/∂h_t and dc_next = ∂J/∂C_t along the cell path (zeros at the last step), the
/// gradient of the pre-activations dZ (4H x B) and dc_prev = ∂J/∂C_{t−1} (H x B). dc_prev may
/// be dc_next (the layer carries one buffer back through time).
inline void lstm_cell_backward(const Tensor& gates, const Tensor& c_prev, const Tensor& c,
                               const Tensor& dh, const Tensor& dc_next, Tensor& dZ,
                               Tensor& dc_prev) {
    const char* op = "lstm_cell_backward";
    check_same_device(op, {&gates, &c_prev, &c, &dh, &dc_next, &dZ, &dc_prev});
    check_same_dtype(op, {&gates, &c_prev, &c, &dh, &dc_next, &dZ, &dc_prev});
    check_float_dtype(op, gates);
    detail::check_lstm_shapes(op, gates, "gates",
                              {{&c_prev, "c_prev"}, {&c, "c"}, {&dh, "dh"}, {&dc_next, "dc_next"},
                               {&dc_prev, "dc_prev"}});
    DL_CHECK(dZ.rows() == gates.rows() && dZ.cols() == gates.cols(), op, ": dZ must be ",
             Shape::matrix(gates.rows(), gates.cols()).str(), " like gates, got ",
             dZ.shape().str());
    DL_DISPATCH(gates.device(), lstm_cell_backward, gates, c_prev, c, dh, dc_next, dZ, dc_prev);
}

}  // namespace dl
