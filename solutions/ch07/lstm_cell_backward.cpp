/// @file lstm_cell_backward.cpp
/// @brief Reference solution of exercise ch07.lstm_cell_backward (declared in exercises/ch07.hpp).
#include "exercises/ch07.hpp"

namespace dl::exercises {

LstmGrads lstm_cell_backward(const LstmParams& p, const LstmCache& k, const MatrixD& dh,
                             const MatrixD& dc) {
    const Eigen::Index H = k.h.rows(), B = k.h.cols();
    DL_CHECK(dh.rows() == H && dh.cols() == B && dc.rows() == H && dc.cols() == B,
             "lstm_cell_backward: dh and dc must be ", H, " x ", B, " like h_t; got ", dh.rows(),
             " x ", dh.cols(), " and ", dc.rows(), " x ", dc.cols());
    LstmGrads g;
    //! [lstm_cell_backward]
    const Eigen::ArrayXXd tc = k.c.array().tanh();                               // tanh C_t
    const Eigen::ArrayXXd dC = dc.array() + dh.array() * k.o.array() * (1 - tc * tc);
    const Eigen::ArrayXXd dZ_f = dC * k.c_prev.array() * k.f.array() * (1 - k.f.array());
    const Eigen::ArrayXXd dZ_i = dC * k.C_tilde.array() * k.i.array() * (1 - k.i.array());
    const Eigen::ArrayXXd dZ_C = dC * k.i.array() * (1 - k.C_tilde.array().square());
    const Eigen::ArrayXXd dZ_o = dh.array() * tc * k.o.array() * (1 - k.o.array());
    g.dW_f = dZ_f.matrix() * k.hx.transpose();                                   // dZ·[h, x]ᵀ
    g.dW_i = dZ_i.matrix() * k.hx.transpose();
    g.dW_C = dZ_C.matrix() * k.hx.transpose();
    g.dW_o = dZ_o.matrix() * k.hx.transpose();
    g.db_f = dZ_f.rowwise().sum();                                               // Σ columns
    g.db_i = dZ_i.rowwise().sum();
    g.db_C = dZ_C.rowwise().sum();
    g.db_o = dZ_o.rowwise().sum();
    const MatrixD dhx = p.W_f.transpose() * dZ_f.matrix() + p.W_i.transpose() * dZ_i.matrix() +
                        p.W_C.transpose() * dZ_C.matrix() + p.W_o.transpose() * dZ_o.matrix();
    g.dh_prev = dhx.topRows(H);                                                  // split [h; x]
    g.dx = dhx.bottomRows(dhx.rows() - H);
    g.dc_prev = (dC * k.f.array()).matrix();                                     // the cell path
    //! [lstm_cell_backward]
    return g;
}

}  // namespace dl::exercises
