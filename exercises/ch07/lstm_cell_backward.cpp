/// @file lstm_cell_backward.cpp
/// @brief Exercise ch07.lstm_cell_backward: backpropagation through one LSTM step.
///
/// Read the declaration's comment in exercises/include/exercises/ch07.hpp first.
/// Check your work: `./course grade ch07.lstm_cell_backward` (this exercise) or `./course grade 7` (the
/// chapter). Stuck? `./course hint ch07.lstm_cell_backward` prints the steps. Then
/// `./course run 7 --mine` runs the chapter program on your code.
#include "exercises/ch07.hpp"

namespace dl::exercises {

LstmGrads lstm_cell_backward(const LstmParams& p, const LstmCache& cache, const MatrixD& dh,
                             const MatrixD& dc) {
    // TODO(student): begin
    //  Work with arrays (.array()) for the elementwise products.
    //  1. tc = tanh(C_t);  dC = dc + dh ⊙ o ⊙ (1 − tc²)
    //  2. dZ_f = dC ⊙ C_{t−1} ⊙ f(1−f);  dZ_i = dC ⊙ C̃ ⊙ i(1−i);  dZ_C = dC ⊙ i ⊙ (1 − C̃²);
    //     dZ_o = dh ⊙ tc ⊙ o(1−o)
    //  3. dW_g = dZ_g·hxᵀ, db_g = row sums of dZ_g
    //  4. dhx = Σ_g W_gᵀ·dZ_g; dh_prev = its top H rows, dx = the rest; dc_prev = dC ⊙ f
    (void)p, (void)cache, (void)dh, (void)dc;
    throw NotImplemented("ch07.lstm_cell_backward");
    // TODO(student): end
}

}  // namespace dl::exercises
