/// @file dense_forward.cpp
/// @brief Reference solution of exercise ch04.dense_forward (declared in exercises/ch04.hpp).
#include "exercises/ch04.hpp"

#include "kernels/bias.hpp"
#include "kernels/matmul.hpp"

namespace dl::exercises {

void dense_forward(const Tensor& W, const Tensor& b, const Tensor& A_prev, Tensor& Z) {
    //! [dense_forward]
    matmul(W, A_prev, Z);  // Z = W·A_prev      (n x m)
    add_bias(Z, b);        // Z(:, j) += b       (broadcast over the m columns)
    //! [dense_forward]
}

}  // namespace dl::exercises
