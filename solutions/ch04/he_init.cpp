/// @file he_init.cpp
/// @brief Reference solution of exercise ch04.he_init (declared in exercises/ch04.hpp).
#include "exercises/ch04.hpp"

#include <cmath>

namespace dl::exercises {

void he_init(Tensor& W, Rng& rng) {
    //! [he_init]
    const double n_prev = static_cast<double>(W.cols());  // fan-in
    rng.fill_normal(W, 0.0, std::sqrt(2.0 / n_prev));     // Var(W) = 2 / n_prev
    //! [he_init]
}

}  // namespace dl::exercises
