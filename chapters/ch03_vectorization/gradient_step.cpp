/// @file gradient_step.cpp
/// @brief Two for-loops vs vectorized (see gradient_step.hpp).
#include "gradient_step.hpp"

#include <cmath>

#include "core/rng.hpp"
#include "exercises/ch03.hpp"
#include "timing.hpp"

namespace ch03 {

namespace ex = dl::exercises;

std::vector<StepTiming> time_gradient_step(int n, const std::vector<int64_t>& ms, uint64_t seed) {
    dl::Rng rng(seed);
    std::vector<StepTiming> out;
    for (int64_t m : ms) {
        dl::MatrixD X(n, m), Y(1, m);
        Eigen::VectorXd w_true(n), w(n);
        for (int k = 0; k < n; ++k) {
            w_true(k) = rng.normal();
            w(k) = 0.1 * rng.normal();
        }
        for (int64_t j = 0; j < m; ++j) {
            for (int k = 0; k < n; ++k) X(k, j) = rng.normal();
            Y(0, j) = w_true.dot(X.col(j)) > 0 ? 1 : 0;
        }
        const double b = 0.05;
        ex::LogisticStep sl, sv;
        StepTiming t;
        t.m = m;
        t.loop_ms = best_ms([&] { sl = ex::loop_gradients(w, b, X, Y); }, 2, 30);
        t.vectorized_ms = best_ms([&] { sv = ex::vectorized_gradients(w, b, X, Y); }, 2, 30);
        // One vector (J, dw, db) for each version; the relative difference of the two.
        Eigen::VectorXd vl(n + 2), vv(n + 2);
        vl << sl.J, sl.dw, sl.db;
        vv << sv.J, sv.dw, sv.db;
        const double worst = (vl - vv).norm() / vv.norm();
        t.max_rel_diff = worst;
        out.push_back(t);
    }
    return out;
}

}  // namespace ch03
