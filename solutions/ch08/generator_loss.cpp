/// @file generator_loss.cpp
/// @brief Reference solution of exercise ch08.generator_loss (declared in exercises/ch08.hpp).
#include <cmath>

#include "exercises/ch08.hpp"

namespace dl::exercises {

namespace {
double softplus(double t) { return std::max(t, 0.0) + std::log1p(std::exp(-std::abs(t))); }
double sigmoid(double t) {
    return t >= 0 ? 1.0 / (1.0 + std::exp(-t)) : std::exp(t) / (1.0 + std::exp(t));
}
}  // namespace

double generator_loss(const MatrixD& a_fake, MatrixD& d_fake, GeneratorLoss kind) {
    DL_CHECK(a_fake.rows() == 1 && a_fake.cols() >= 1,
             "generator_loss: expected a non-empty row of logits, got ", a_fake.rows(), " x ",
             a_fake.cols());
    //! [generator_loss]
    const double m = double(a_fake.cols());
    d_fake.resize(1, a_fake.cols());
    double J = 0;
    for (Eigen::Index j = 0; j < a_fake.cols(); ++j) {
        const double a = a_fake(0, j);
        if (kind == GeneratorLoss::Minimax) {
            J -= softplus(a) / m;                 // log(1 − σ(a)) = −softplus(a)
            d_fake(0, j) = -sigmoid(a) / m;       // → 0 when D is sure the sample is fake
        } else {
            J += softplus(-a) / m;                // −log σ(a) = softplus(−a)
            d_fake(0, j) = (sigmoid(a) - 1.0) / m;  // → −1/m when D is sure it is fake
        }
    }
    return J;
    //! [generator_loss]
}

}  // namespace dl::exercises
