/// @file clip_grad_norm.cpp
/// @brief Exercise ch07.clip_grad_norm: scale every gradient by max_norm/‖g‖ when the global
/// norm ‖g‖ exceeds max_norm.
///
/// Read the declaration's comment in exercises/include/exercises/ch07.hpp first.
/// Check your work: `./course grade --chapter 7` (or `ctest -R graded.*ch07.clip_grad_norm`).
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
