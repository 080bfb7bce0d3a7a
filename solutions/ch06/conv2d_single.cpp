/// @file conv2d_single.cpp
/// @brief Reference solution of exercise ch06.conv2d_single (declared in exercises/ch06.hpp).
#include "exercises/ch06.hpp"

namespace dl::exercises {

Matrix conv2d_single(const Matrix& X, const Matrix& K, int64_t stride, int64_t pad) {
    //! [conv2d_single]
    DL_CHECK(K.rows() == K.cols(), "conv2d_single: the filter must be square, got ", K.rows(),
             " x ", K.cols());
    const int64_t f = K.rows();
    const int64_t OH = output_size(X.rows(), f, pad, stride);
    const int64_t OW = output_size(X.cols(), f, pad, stride);
    const Matrix Xp = zero_pad(X, pad);
    Matrix Y(OH, OW);
    for (int64_t i = 0; i < OH; ++i)
        for (int64_t j = 0; j < OW; ++j) {
            float z = 0;
            for (int64_t a = 0; a < f; ++a)
                for (int64_t b = 0; b < f; ++b) z += K(a, b) * Xp(i * stride + a, j * stride + b);
            Y(i, j) = z;
        }
    return Y;
    //! [conv2d_single]
}

}  // namespace dl::exercises
