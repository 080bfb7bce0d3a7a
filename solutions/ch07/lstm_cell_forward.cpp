/// @file lstm_cell_forward.cpp
/// @brief Reference solution of exercise ch07.lstm_cell_forward (declared in exercises/ch07.hpp).
#include "exercises/ch07.hpp"

namespace dl::exercises {

namespace {
MatrixD sigmoid(const MatrixD& Z) {
    return Z.unaryExpr([](double z) {
        if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
        const double e = std::exp(z);
        return e / (1.0 + e);
    });
}
}  // namespace

LstmCache lstm_cell_forward(const LstmParams& p, const MatrixD& h_prev, const MatrixD& c_prev,
                            const MatrixD& x) {
    const Eigen::Index H = h_prev.rows(), B = h_prev.cols();
    DL_CHECK(x.cols() == B && c_prev.rows() == H && c_prev.cols() == B &&
                 p.W_f.rows() == H && p.W_f.cols() == H + x.rows() && p.b_f.size() == H,
             "lstm_cell_forward: expected h_prev, c_prev H x B, x D x B, W_f H x (H + D); got "
             "h_prev ", H, " x ", B, ", c_prev ", c_prev.rows(), " x ", c_prev.cols(), ", x ",
             x.rows(), " x ", x.cols(), ", W_f ", p.W_f.rows(), " x ", p.W_f.cols());
    LstmCache k;
    //! [lstm_cell_forward]
    k.hx.resize(H + x.rows(), B);
    k.hx << h_prev, x;                                                     // [h_{t−1}, x_t]
    k.f = sigmoid((p.W_f * k.hx).colwise() + p.b_f);                       // forget gate
    k.i = sigmoid((p.W_i * k.hx).colwise() + p.b_i);                       // input gate
    k.C_tilde = ((p.W_C * k.hx).colwise() + p.b_C).array().tanh();         // candidate
    k.c_prev = c_prev;
    k.c = k.f.cwiseProduct(c_prev) + k.i.cwiseProduct(k.C_tilde);          // C_t
    k.o = sigmoid((p.W_o * k.hx).colwise() + p.b_o);                       // output gate
    k.h = k.o.cwiseProduct(MatrixD(k.c.array().tanh()));                   // h_t = o ⊙ tanh C_t
    //! [lstm_cell_forward]
    return k;
}

}  // namespace dl::exercises
