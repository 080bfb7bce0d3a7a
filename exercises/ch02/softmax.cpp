/// @file softmax.cpp
/// @brief Exercise ch02.softmax: softmax column by column.
///
/// Read the declaration's comment in exercises/include/exercises/ch02.hpp first.
/// Check your work: `./course grade ch02.softmax` (this exercise) or `./course grade 2` (the
/// chapter). Stuck? `./course hint ch02.softmax` prints the steps. Then `./course run 2 --mine`
/// runs the chapter program on your code.
#include "exercises/ch02.hpp"

namespace dl::exercises {

/// Softmax column by column.
MatrixD softmax(const MatrixD& Z) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch02.hpp.
    (void)Z;
    throw NotImplemented("ch02.softmax");
    // TODO(student): end
}

}  // namespace dl::exercises
