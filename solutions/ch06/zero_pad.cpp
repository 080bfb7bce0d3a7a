/// @file zero_pad.cpp
/// @brief Reference solution of exercise ch06.zero_pad (declared in exercises/ch06.hpp).
#include "exercises/ch06.hpp"

namespace dl::exercises {

Matrix zero_pad(const Matrix& X, int64_t p) {
    //! [zero_pad]
    DL_CHECK(p >= 0, "zero_pad: the padding must be >= 0, got ", p);
    Matrix Y = Matrix::Zero(X.rows() + 2 * p, X.cols() + 2 * p);
    for (int64_t h = 0; h < X.rows(); ++h)
        for (int64_t w = 0; w < X.cols(); ++w) Y(h + p, w + p) = X(h, w);
    return Y;
    //! [zero_pad]
}

}  // namespace dl::exercises
