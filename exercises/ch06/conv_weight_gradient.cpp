/// @file conv_weight_gradient.cpp
/// @brief Exercise ch06.conv_weight_gradient: the gradient of a filter, dK = Σ dY·(the patches).
///
/// Read the declaration's comment in exercises/include/exercises/ch06.hpp first.
/// Check your work: `./course grade ch06.conv_weight_gradient` (this exercise) or `./course grade 6` (the
/// chapter). Stuck? `./course hint ch06.conv_weight_gradient` prints the steps. Then
/// `./course run 6 --mine` runs the chapter program on your code.
#include "exercises/ch06.hpp"

namespace dl::exercises {

/// dK(a, b) = Σ_i Σ_j dY(i, j)·Xp(i·s + a, j·s + b).
Matrix conv_weight_gradient(const Matrix& X, const Matrix& dY, int64_t f, int64_t stride,
                            int64_t pad) {
    // TODO(student): begin
    //  1. Xp = zero_pad(X, pad); dK = Matrix::Zero(f, f).
    //  2. For every output (i, j) of dY and every (a, b) of the filter:
    //     dK(a, b) += dY(i, j) * Xp(i * stride + a, j * stride + b).
    (void)X, (void)dY, (void)f, (void)stride, (void)pad;
    throw NotImplemented("ch06.conv_weight_gradient");
    // TODO(student): end
}

}  // namespace dl::exercises
