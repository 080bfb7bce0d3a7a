/// @file gradient_check.cpp
/// @brief Reference solution of exercise ch04.gradient_check (declared in exercises/ch04.hpp).
#include "exercises/ch04.hpp"

#include <cmath>

namespace dl::exercises {

std::vector<double> numerical_gradient(const std::function<double(const std::vector<double>&)>& J,
                                       std::vector<double> theta, double eps) {
    //! [numerical_gradient]
    std::vector<double> grad(theta.size());
    for (std::size_t i = 0; i < theta.size(); ++i) {
        const double saved = theta[i];
        theta[i] = saved + eps;
        const double J_plus = J(theta);
        theta[i] = saved - eps;
        const double J_minus = J(theta);
        theta[i] = saved;
        grad[i] = (J_plus - J_minus) / (2.0 * eps);  // two-sided: error O(ε²)
    }
    return grad;
    //! [numerical_gradient]
}

double gradient_rel_error(const std::vector<double>& approx, const std::vector<double>& exact) {
    DL_CHECK(approx.size() == exact.size(), "gradient_rel_error: ", approx.size(),
             " approximate values but ", exact.size(), " exact ones");
    //! [gradient_rel_error]
    double diff2 = 0, a2 = 0, e2 = 0;
    for (std::size_t i = 0; i < approx.size(); ++i) {
        diff2 += (approx[i] - exact[i]) * (approx[i] - exact[i]);
        a2 += approx[i] * approx[i];
        e2 += exact[i] * exact[i];
    }
    const double denom = std::sqrt(a2) + std::sqrt(e2);
    return denom > 0 ? std::sqrt(diff2) / denom : 0.0;  // ‖a − e‖ / (‖a‖ + ‖e‖)
    //! [gradient_rel_error]
}

}  // namespace dl::exercises
