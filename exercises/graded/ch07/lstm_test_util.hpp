// Shared by the graded LSTM tests: random parameters and the two-sided difference.
#pragma once

#include <functional>

#include "exercises/ch07.hpp"

namespace graded_ch07 {

/// Random weights in [−1, 1] (Eigen's Random), H x (H + D), and biases.
inline dl::exercises::LstmParams random_params(int H, int D) {
    dl::exercises::LstmParams p;
    for (auto* W : {&p.W_f, &p.W_i, &p.W_C, &p.W_o}) *W = dl::MatrixD::Random(H, H + D);
    for (auto* b : {&p.b_f, &p.b_i, &p.b_C, &p.b_o}) *b = Eigen::VectorXd::Random(H);
    return p;
}

/// ‖a − e‖ / (‖a‖ + ‖e‖), the lecture's relative error.
inline double rel_error(const dl::MatrixD& a, const dl::MatrixD& e) {
    const double d = a.norm() + e.norm();
    return d > 0 ? (a - e).norm() / d : 0.0;
}

/// Two-sided differences of J with respect to every element of M (perturbed in place).
inline dl::MatrixD numeric(dl::MatrixD& M, const std::function<double()>& J, double eps = 1e-6) {
    dl::MatrixD g(M.rows(), M.cols());
    for (Eigen::Index k = 0; k < M.size(); ++k) {
        const double saved = M.data()[k];
        M.data()[k] = saved + eps;
        const double jp = J();
        M.data()[k] = saved - eps;
        const double jm = J();
        M.data()[k] = saved;
        g.data()[k] = (jp - jm) / (2 * eps);
    }
    return g;
}

}  // namespace graded_ch07
