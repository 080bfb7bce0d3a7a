/// @file zero_pad.cpp
/// @brief Exercise ch06.zero_pad: padding a matrix with a border of p zeros.
///
/// Read the declaration's comment in exercises/include/exercises/ch06.hpp first.
/// Check your work: `./course grade ch06.zero_pad` (this exercise) or `./course grade 6` (the
/// chapter). Stuck? `./course hint ch06.zero_pad` prints the steps. Then
/// `./course run 6 --mine` runs the chapter program on your code.
#include "exercises/ch06.hpp"

namespace dl::exercises {

/// Y = X with p zeros on every side.
Matrix zero_pad(const Matrix& X, int64_t p) {
    // TODO(student): begin
    //  1. DL_CHECK(p >= 0, ...).
    //  2. Matrix Y = Matrix::Zero(X.rows() + 2 * p, X.cols() + 2 * p);
    //  3. Copy X into the middle: two loops, Y(h + p, w + p) = X(h, w)
    //     (or Eigen's Y.block(p, p, X.rows(), X.cols()) = X).
    (void)X, (void)p;
    throw NotImplemented("ch06.zero_pad");
    // TODO(student): end
}

}  // namespace dl::exercises
