/// @file max_pool.cpp
/// @brief Exercise ch06.max_pool: max pooling forward and backward, as loops.
///
/// Read the declaration's comment in exercises/include/exercises/ch06.hpp first.
/// Check your work: `./course grade ch06.max_pool` (this exercise) or `./course grade 6` (the
/// chapter). Stuck? `./course hint ch06.max_pool` prints the steps. Then
/// `./course run 6 --mine` runs the chapter program on your code.
#include "exercises/ch06.hpp"

namespace dl::exercises {

/// Y(i, j) = max over the f x f window at (i·s, j·s).
Matrix max_pool_forward(const Matrix& X, int64_t f, int64_t s) {
    // TODO(student): begin
    //  1. OH = (X.rows() - f) / s + 1, OW likewise with X.cols() (no padding here).
    //  2. For each output (i, j): the largest X(i * s + a, j * s + b) over a, b in [0, f).
    (void)X, (void)f, (void)s;
    throw NotImplemented("ch06.max_pool");
    // TODO(student): end
}

/// dX: each dY(i, j) goes to the (first) maximum of its window.
Matrix max_pool_backward(const Matrix& X, const Matrix& dY, int64_t f, int64_t s) {
    // TODO(student): begin
    //  1. dX = Matrix::Zero(X.rows(), X.cols()).
    //  2. For each window (i, j): find the position (a, b) of its first maximum, reading row by
    //     row (keep the first when values tie: use > rather than >=), then
    //     dX(i * s + a, j * s + b) += dY(i, j)   (+=: overlapping windows add up).
    (void)X, (void)dY, (void)f, (void)s;
    throw NotImplemented("ch06.max_pool");
    // TODO(student): end
}

}  // namespace dl::exercises
