/// @file ewma.cpp
/// @brief Reference solution of exercise ch05.ewma (declared in exercises/ch05.hpp).
#include <cmath>

#include "core/error.hpp"
#include "exercises/ch05.hpp"

namespace dl::exercises {

std::vector<double> ewma(const std::vector<double>& theta, double beta, bool bias_correction) {
    DL_CHECK(beta >= 0 && beta < 1, "ewma: β must be in [0, 1), got ", beta);
    //! [ewma]
    std::vector<double> out;
    out.reserve(theta.size());
    double v = 0.0, beta_t = 1.0;  // v_0 = 0; beta_t = βᵗ
    for (double x : theta) {
        v = beta * v + (1.0 - beta) * x;  // v_t = β·v_{t−1} + (1 − β)·θ_t
        beta_t *= beta;
        out.push_back(bias_correction ? v / (1.0 - beta_t) : v);  // v_t / (1 − βᵗ)
    }
    return out;
    //! [ewma]
}

}  // namespace dl::exercises
