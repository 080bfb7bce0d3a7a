/// @file lstm_cell_forward.cpp
/// @brief Exercise ch07.lstm_cell_forward: one LSTM step, the lecture's six equations.
///
/// Read the declaration's comment in exercises/include/exercises/ch07.hpp first.
/// Check your work: `./course grade ch07.lstm_cell_forward` (this exercise) or `./course grade 7` (the
/// chapter). Stuck? `./course hint ch07.lstm_cell_forward` prints the steps. Then
/// `./course run 7 --mine` runs the chapter program on your code.
#include "exercises/ch07.hpp"

namespace dl::exercises {

LstmCache lstm_cell_forward(const LstmParams& p, const MatrixD& h_prev, const MatrixD& c_prev,
                            const MatrixD& x) {
    // TODO(student): begin
    //  k.hx = [h_prev; x];  then for each gate g: Z_g = (p.W_g * k.hx).colwise() + p.b_g;
    //  k.f = σ(Z_f), k.i = σ(Z_i), k.C_tilde = tanh(Z_C), k.o = σ(Z_o);
    //  k.c_prev = c_prev;  k.c = f ⊙ c_prev + i ⊙ C̃;  k.h = o ⊙ tanh(k.c).
    //  (⊙ is .cwiseProduct(); write σ once as a small helper with unaryExpr.)
    (void)p, (void)h_prev, (void)c_prev, (void)x;
    throw NotImplemented("ch07.lstm_cell_forward");
    // TODO(student): end
}

}  // namespace dl::exercises
