/// @file gradient_step.hpp
/// @brief Logistic regression's gradient step with the lecture's two for-loops and vectorized,
/// compared (same numbers) and timed at growing m.
#pragma once

#include <vector>

#include "core/eigen_view.hpp"

namespace ch03 {

struct StepTiming {
    int64_t m = 0;
    double loop_ms = 0, vectorized_ms = 0;
    double max_rel_diff = 0;  ///< between the two results (J, dw, db), relative
};

/// n features, each m in `ms`: random X ~ N(0,1), labels from a random w; the exercises'
/// loop_gradients and vectorized_gradients run on the same w, b.
std::vector<StepTiming> time_gradient_step(int n, const std::vector<int64_t>& ms, uint64_t seed);

}  // namespace ch03
