/// @file clip_grad_norm.cpp
/// @brief Reference solution of exercise ch07.clip_grad_norm (declared in exercises/ch07.hpp).
#include "exercises/ch07.hpp"

#include <cmath>

namespace dl::exercises {

double clip_grad_norm(std::vector<MatrixD>& grads, double max_norm) {
    DL_CHECK(max_norm > 0, "clip_grad_norm: max_norm must be > 0, got ", max_norm);
    //! [clip_grad_norm]
    double sum_sq = 0.0;
    for (const MatrixD& g : grads) sum_sq += g.squaredNorm();   // Σ over every element
    const double norm = std::sqrt(sum_sq);                      // ‖g‖
    if (norm > max_norm)
        for (MatrixD& g : grads) g *= max_norm / norm;          // one factor for all
    //! [clip_grad_norm]
    return norm;
}

}  // namespace dl::exercises
