/// @file discriminator_loss.cpp
/// @brief Reference solution of exercise ch08.discriminator_loss (declared in exercises/ch08.hpp).
#include <cmath>

#include "exercises/ch08.hpp"

namespace dl::exercises {

namespace {
double softplus(double t) { return std::max(t, 0.0) + std::log1p(std::exp(-std::abs(t))); }
double sigmoid(double t) {
    return t >= 0 ? 1.0 / (1.0 + std::exp(-t)) : std::exp(t) / (1.0 + std::exp(t));
}
}  // namespace

double discriminator_loss(const MatrixD& a_real, const MatrixD& a_fake, MatrixD& d_real,
                          MatrixD& d_fake) {
    DL_CHECK(a_real.rows() == 1 && a_real.cols() >= 1 && a_fake.rows() == 1 && a_fake.cols() >= 1,
             "discriminator_loss: expected two non-empty rows of logits, got ", a_real.rows(), " x ",
             a_real.cols(), " and ", a_fake.rows(), " x ", a_fake.cols());
    //! [discriminator_loss]
    const double mr = double(a_real.cols()), mf = double(a_fake.cols());
    d_real.resize(1, a_real.cols());
    d_fake.resize(1, a_fake.cols());
    double J = 0;
    for (Eigen::Index j = 0; j < a_real.cols(); ++j) {
        J += softplus(-a_real(0, j)) / mr;               // −log σ(a): "real" should say 1
        d_real(0, j) = (sigmoid(a_real(0, j)) - 1.0) / mr;
    }
    for (Eigen::Index j = 0; j < a_fake.cols(); ++j) {
        J += softplus(a_fake(0, j)) / mf;                // −log(1 − σ(a)): "fake" should say 0
        d_fake(0, j) = sigmoid(a_fake(0, j)) / mf;
    }
    return J;
    //! [discriminator_loss]
}

}  // namespace dl::exercises
