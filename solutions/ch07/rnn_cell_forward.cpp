/// @file rnn_cell_forward.cpp
/// @brief Reference solution of exercise ch07.rnn_cell_forward (declared in exercises/ch07.hpp).
#include "exercises/ch07.hpp"

namespace dl::exercises {

MatrixD rnn_cell_forward(const MatrixD& W, const Eigen::VectorXd& b, const MatrixD& h_prev,
                         const MatrixD& x) {
    DL_CHECK(h_prev.cols() == x.cols() && W.rows() == h_prev.rows() &&
                 W.cols() == h_prev.rows() + x.rows() && b.size() == W.rows(),
             "rnn_cell_forward: expected W H x (H + D), b H x 1, h_prev H x B, x D x B; got W ",
             W.rows(), " x ", W.cols(), ", b ", b.size(), ", h_prev ", h_prev.rows(), " x ",
             h_prev.cols(), ", x ", x.rows(), " x ", x.cols());
    //! [rnn_cell_forward]
    MatrixD hx(h_prev.rows() + x.rows(), x.cols());
    hx << h_prev, x;                                     // [h_{t−1}, x_t]
    return ((W * hx).colwise() + b).array().tanh();      // h_t = tanh(W·[h_{t−1}, x_t] + b)
    //! [rnn_cell_forward]
}

}  // namespace dl::exercises
