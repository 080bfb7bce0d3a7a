/// @file sample_with_temperature.cpp
/// @brief Reference solution of exercise ch07.sample_with_temperature (declared in
/// exercises/ch07.hpp).
#include "exercises/ch07.hpp"

#include <cmath>

namespace dl::exercises {

int sample_with_temperature(const Eigen::VectorXd& logits, double temperature, Rng& rng) {
    DL_CHECK(logits.size() > 0, "sample_with_temperature: no logits");
    DL_CHECK(std::isfinite(temperature) && temperature > 0,
             "sample_with_temperature: the temperature must be a positive number, got ",
             temperature);
    //! [sample_with_temperature]
    // p = softmax(z/τ), the maximum subtracted first (every exponent ≤ 0).
    const Eigen::VectorXd e = ((logits.array() - logits.maxCoeff()) / temperature).exp();
    const double total = e.sum();
    const double u = rng.uniform() * total;  // u in [0, 1), scaled instead of dividing p
    double cum = 0.0;
    int last = 0;
    for (Eigen::Index k = 0; k < e.size(); ++k) {
        if (e[k] > 0) last = static_cast<int>(k);
        cum += e[k];
        if (cum > u) return static_cast<int>(k);  // smallest k with p_0 + … + p_k > u
    }
    return last;  // rounding left the total just below u
    //! [sample_with_temperature]
}

}  // namespace dl::exercises
