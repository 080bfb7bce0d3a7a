/// @file softmax.cpp
/// @brief Exercise ch02.softmax: softmax column by column.
///
/// Read the declaration's comment in exercises/include/exercises/ch02.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch02.softmax`), then run the
/// chapter on your own code with `./course run 2 --mine`.
#include "exercises/ch02.hpp"

namespace dl::exercises {

/// Softmax column by column.
MatrixD softmax(const MatrixD& Z) {
    // TODO(student): begin
    //  For each column j: subtract its maximum (Z.col(j).maxCoeff()), exponentiate
    //  (.array().exp()), divide by the column's sum. The result is K x m like Z.
    (void)Z;
    throw NotImplemented("ch02.softmax");
    // TODO(student): end
}

}  // namespace dl::exercises
