/// @file conv2d_single.cpp
/// @brief Exercise ch06.conv2d_single: one channel, one filter, as loops.
///
/// Read the declaration's comment in exercises/include/exercises/ch06.hpp first.
/// Check your work: `./course grade ch06.conv2d_single` (this exercise) or `./course grade 6` (the
/// chapter). Stuck? `./course hint ch06.conv2d_single` prints the steps. Then
/// `./course run 6 --mine` runs the chapter program on your code.
#include "exercises/ch06.hpp"

namespace dl::exercises {

/// Y(i, j) = Σ_a Σ_b K(a, b)·Xp(i·s + a, j·s + b).
Matrix conv2d_single(const Matrix& X, const Matrix& K, int64_t stride, int64_t pad) {
    // TODO(student): begin
    //  1. f = K.rows(); OH = output_size(X.rows(), f, pad, stride), OW likewise with X.cols().
    //  2. Xp = zero_pad(X, pad).
    //  3. For every output (i, j): the sum over a, b of K(a, b) * Xp(i * stride + a, j * stride + b).
    (void)X, (void)K, (void)stride, (void)pad;
    throw NotImplemented("ch06.conv2d_single");
    // TODO(student): end
}

}  // namespace dl::exercises
