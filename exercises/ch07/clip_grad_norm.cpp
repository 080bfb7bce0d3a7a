/// @file clip_grad_norm.cpp
/// @brief Exercise ch07.clip_grad_norm: scale every gradient by max_norm/‖g‖ when the global
/// norm ‖g‖ exceeds max_norm.
///
/// Read the declaration's comment in exercises/include/exercises/ch07.hpp first.
/// Check your work: `./course grade ch07.clip_grad_norm` (this exercise) or `./course grade 7` (the
/// chapter). Stuck? `./course hint ch07.clip_grad_norm` prints the steps. Then
/// `./course run 7 --mine` runs the chapter program on your code.
#include "exercises/ch07.hpp"

namespace dl::exercises {

double clip_grad_norm(std::vector<MatrixD>& grads, double max_norm) {
    // TODO(student): begin
    //  ‖g‖² is the sum of every matrix's squaredNorm(); one factor max_norm/‖g‖ for all of them,
    //  only when ‖g‖ > max_norm. Check max_norm > 0 (DL_CHECK). Return ‖g‖ before clipping.
    (void)grads, (void)max_norm;
    throw NotImplemented("ch07.clip_grad_norm");
    // TODO(student): end
}

}  // namespace dl::exercises
