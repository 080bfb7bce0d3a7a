/// @file timing.hpp
/// @brief Wall-clock timing of a piece of code: the best of several repetitions.
#pragma once

#include <chrono>
#include <functional>

#include "core/device.hpp"

namespace ch03 {

/// Runs f repeatedly (at least `min_reps` times and until `min_total_ms` passed) and returns
/// the fastest run in milliseconds. The GPU is synchronised after each run so its time counts.
inline double best_ms(const std::function<void()>& f, int min_reps = 3, double min_total_ms = 50,
                      dl::Device device = dl::Device::CPU) {
    using clock = std::chrono::steady_clock;
    double best = 1e300, total = 0;
    for (int r = 0; r < min_reps || total < min_total_ms; ++r) {
        const auto t0 = clock::now();
        f();
        dl::synchronize(device);
        const double ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        best = std::min(best, ms);
        total += ms;
        if (r > 1000) break;
    }
    return best;
}

}  // namespace ch03
