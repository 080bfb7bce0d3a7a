/// @file max_pool.cpp
/// @brief Reference solution of exercise ch06.max_pool (declared in exercises/ch06.hpp).
#include "exercises/ch06.hpp"

namespace dl::exercises {

Matrix max_pool_forward(const Matrix& X, int64_t f, int64_t s) {
    //! [max_pool_forward]
    const int64_t OH = output_size(X.rows(), f, 0, s), OW = output_size(X.cols(), f, 0, s);
    Matrix Y(OH, OW);
    for (int64_t i = 0; i < OH; ++i)
        for (int64_t j = 0; j < OW; ++j) {
            float m = X(i * s, j * s);
            for (int64_t a = 0; a < f; ++a)
                for (int64_t b = 0; b < f; ++b) m = std::max(m, X(i * s + a, j * s + b));
            Y(i, j) = m;
        }
    return Y;
    //! [max_pool_forward]
}

Matrix max_pool_backward(const Matrix& X, const Matrix& dY, int64_t f, int64_t s) {
    //! [max_pool_backward]
    DL_CHECK(dY.rows() == output_size(X.rows(), f, 0, s) &&
                 dY.cols() == output_size(X.cols(), f, 0, s),
             "max_pool_backward: dY is ", dY.rows(), " x ", dY.cols(), ", not the output's shape");
    Matrix dX = Matrix::Zero(X.rows(), X.cols());
    for (int64_t i = 0; i < dY.rows(); ++i)
        for (int64_t j = 0; j < dY.cols(); ++j) {
            int64_t ba = 0, bb = 0;  // the first maximum, reading row by row
            for (int64_t a = 0; a < f; ++a)
                for (int64_t b = 0; b < f; ++b)
                    if (X(i * s + a, j * s + b) > X(i * s + ba, j * s + bb)) ba = a, bb = b;
            dX(i * s + ba, j * s + bb) += dY(i, j);
        }
    return dX;
    //! [max_pool_backward]
}

}  // namespace dl::exercises
