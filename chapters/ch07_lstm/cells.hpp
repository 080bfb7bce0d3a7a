/// @file cells.hpp
/// @brief Chapter 7, section 2: the cells as the lecture writes them (the exercises) against
/// the course's layers, and the layers' gradient checks through time.
///
/// The lecture writes each gate with its own matrix on the stacked vector [h_{t−1}, x_t],
/// f_t = σ(W_f·[h_{t−1}, x_t] + b_f) and so on; nn::LSTM keeps the four gates' weights stacked
/// and split by columns, W_x (4H x D) and W_h (4H x H), to do every step's input product at once.
/// The two are the same numbers: W_f = [rows 0 … H−1 of W_h, the same rows of W_x], and so on.
/// This section builds both from one set of weights and compares h_t, C_t and every gradient.
#pragma once

#include <cstdint>

namespace ch07 {

struct CellsReport {
    double rnn_forward_diff = 0;    ///< max |h_layer − h_exercise|, plain RNN cell
    double lstm_forward_diff = 0;   ///< max over h_t and C_t
    double lstm_backward_diff = 0;  ///< max over dW, db, dx, dh_{t−1}, dC_{t−1}
    double grad_norm = 0;           ///< ‖g‖ of the cell's gradients
    double clipped_norm = 0;        ///< after exercises::clip_grad_norm(…, 0.1)
    double rnn_gradcheck = 0;       ///< max relative error, nn::RNN over 6 steps, state carried in
    double lstm_gradcheck = 0;      ///< the same for nn::LSTM (hidden and cell state)
};

/// Runs the comparison (float64) and the two gradient checks.
CellsReport run_cells(uint64_t seed);

/// The largest relative error of a float64 gradient check of a recurrent layer (nn::RNN when
/// `lstm` is false) of H units over T steps of B sequences of D features, starting from a random
/// carried state: every parameter, the input, h_{−1} (and C_{−1}).
double gradcheck_recurrent(bool lstm, int64_t D, int64_t H, int64_t T, int64_t B, uint64_t seed);

}  // namespace ch07
