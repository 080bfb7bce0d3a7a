/// @file dense_forward.cpp
/// @brief Exercise ch04.dense_forward: the linear part of a dense layer, Z = W·A_prev + b.
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade ch04.dense_forward` (this exercise) or `./course grade 4` (the
/// chapter). Stuck? `./course hint ch04.dense_forward` prints the steps. Then
/// `./course run 4 --mine` runs the chapter program on your code.
#include "exercises/ch04.hpp"

#include "kernels/bias.hpp"
#include "kernels/matmul.hpp"

namespace dl::exercises {

/// Z = W·A_prev + b.
void dense_forward(const Tensor& W, const Tensor& b, const Tensor& A_prev, Tensor& Z) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch04.hpp.
    (void)W, (void)b, (void)A_prev, (void)Z;
    throw NotImplemented("ch04.dense_forward");
    // TODO(student): end
}

}  // namespace dl::exercises
