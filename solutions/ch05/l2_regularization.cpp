/// @file l2_regularization.cpp
/// @brief Reference solution of exercise ch05.l2_regularization (declared in exercises/ch05.hpp).
#include "core/error.hpp"
#include "exercises/ch05.hpp"

namespace dl::exercises {

double l2_cost(const std::vector<MatrixD>& W, double lambda, int64_t m) {
    DL_CHECK(m > 0, "l2_cost: m must be > 0, got ", m);
    DL_CHECK(lambda >= 0, "l2_cost: λ must be >= 0, got ", lambda);
    //! [l2_cost]
    double sum = 0.0;
    for (const MatrixD& w : W) sum += w.squaredNorm();  // ‖W[l]‖²_F = Σ_ij W_ij²
    return lambda / (2.0 * double(m)) * sum;           // (λ/2m)·Σ_l ‖W[l]‖²_F
    //! [l2_cost]
}

void l2_gradient(const MatrixD& W, double lambda, int64_t m, MatrixD& dW) {
    DL_CHECK(W.rows() == dW.rows() && W.cols() == dW.cols(), "l2_gradient: W is ", W.rows(), " x ",
             W.cols(), " but dW is ", dW.rows(), " x ", dW.cols());
    DL_CHECK(m > 0, "l2_gradient: m must be > 0, got ", m);
    DL_CHECK(lambda >= 0, "l2_gradient: λ must be >= 0, got ", lambda);
    //! [l2_gradient]
    dW += (lambda / double(m)) * W;  // dW += (λ/m)·W
    //! [l2_gradient]
}

}  // namespace dl::exercises
