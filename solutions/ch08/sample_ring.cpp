/// @file sample_ring.cpp
/// @brief Reference solution of exercise ch08.sample_ring (declared in exercises/ch08.hpp).
#include <cmath>

#include "exercises/ch08.hpp"

namespace dl::exercises {

RingSamples sample_ring(int64_t n, int modes, double radius, double sigma, Rng& rng) {
    DL_CHECK(n >= 1 && modes >= 1 && radius > 0 && sigma >= 0, "sample_ring: expected n >= 1, "
             "modes >= 1, radius > 0 and sigma >= 0, got ", n, ", ", modes, ", ", radius, ", ",
             sigma);
    //! [sample_ring]
    RingSamples s;
    s.X.resize(2, n);
    s.mode.resize(std::size_t(n));
    for (int64_t j = 0; j < n; ++j) {
        const int k = int(rng.below(uint64_t(modes)));  // the mode, uniformly
        const double angle = 2.0 * M_PI * k / modes;     // 2πk/K: K distinct angles
        s.mode[std::size_t(j)] = k;
        s.X(0, j) = radius * std::cos(angle) + sigma * rng.normal();
        s.X(1, j) = radius * std::sin(angle) + sigma * rng.normal();
    }
    return s;
    //! [sample_ring]
}

}  // namespace dl::exercises
