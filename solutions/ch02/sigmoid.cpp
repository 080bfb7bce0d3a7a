/// @file sigmoid.cpp
/// @brief Reference solution of exercise ch02.sigmoid (declared in exercises/ch02.hpp).
#include "exercises/ch02.hpp"

#include <cmath>

namespace dl::exercises {

/// σ(z) = 1 / (1 + e^{−z}), elementwise, with no positive exponent.
MatrixD sigmoid(const MatrixD& Z) {
    //! [sigmoid]
    return Z.unaryExpr([](double z) {
        if (z >= 0) return 1.0 / (1.0 + std::exp(-z));  // e^{−z} ≤ 1
        const double e = std::exp(z);                    // e^{z} < 1
        return e / (1.0 + e);
    });
    //! [sigmoid]
}

}  // namespace dl::exercises
