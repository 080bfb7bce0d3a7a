/// @file rnn_cell_forward.cpp
/// @brief Exercise ch07.rnn_cell_forward: one step of the plain RNN, h_t = tanh(W·[h_{t−1}, x_t] + b).
///
/// Read the declaration's comment in exercises/include/exercises/ch07.hpp first.
/// Check your work: `./course grade ch07.rnn_cell_forward` (this exercise) or `./course grade 7` (the
/// chapter). Stuck? `./course hint ch07.rnn_cell_forward` prints the steps. Then
/// `./course run 7 --mine` runs the chapter program on your code.
#include "exercises/ch07.hpp"

namespace dl::exercises {

MatrixD rnn_cell_forward(const MatrixD& W, const Eigen::VectorXd& b, const MatrixD& h_prev,
                         const MatrixD& x) {
    // TODO(student): begin
    //  1. Stack h_prev on top of x: MatrixD hx(h_prev.rows() + x.rows(), x.cols()); hx << h_prev, x;
    //  2. Z = W·hx + b, with b added to every column: (W * hx).colwise() + b
    //  3. Return tanh(Z) elementwise: .array().tanh()
    (void)W, (void)b, (void)h_prev, (void)x;
    throw NotImplemented("ch07.rnn_cell_forward");
    // TODO(student): end
}

}  // namespace dl::exercises
