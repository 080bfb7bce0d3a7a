/// @file conv_weight_gradient.cpp
/// @brief Reference solution of exercise ch06.conv_weight_gradient (declared in
/// exercises/ch06.hpp).
#include "exercises/ch06.hpp"

namespace dl::exercises {

Matrix conv_weight_gradient(const Matrix& X, const Matrix& dY, int64_t f, int64_t stride,
                            int64_t pad) {
    //! [conv_weight_gradient]
    DL_CHECK(dY.rows() == output_size(X.rows(), f, pad, stride) &&
                 dY.cols() == output_size(X.cols(), f, pad, stride),
             "conv_weight_gradient: dY is ", dY.rows(), " x ", dY.cols(),
             ", not the output's shape");
    const Matrix Xp = zero_pad(X, pad);
    Matrix dK = Matrix::Zero(f, f);
    for (int64_t i = 0; i < dY.rows(); ++i)
        for (int64_t j = 0; j < dY.cols(); ++j)
            for (int64_t a = 0; a < f; ++a)
                for (int64_t b = 0; b < f; ++b)
                    dK(a, b) += dY(i, j) * Xp(i * stride + a, j * stride + b);
    return dK;
    //! [conv_weight_gradient]
}

}  // namespace dl::exercises
