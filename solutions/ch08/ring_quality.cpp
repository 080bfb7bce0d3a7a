/// @file ring_quality.cpp
/// @brief Reference solution of exercise ch08.ring_quality (declared in exercises/ch08.hpp).
#include <cmath>

#include "exercises/ch08.hpp"

namespace dl::exercises {

RingQuality ring_quality(const MatrixD& X, int modes, double radius, double sigma) {
    DL_CHECK(X.rows() == 2 && X.cols() >= 1, "ring_quality: expected 2 x n points, got ",
             X.rows(), " x ", X.cols());
    DL_CHECK(modes >= 1 && radius > 0 && sigma > 0, "ring_quality: expected modes >= 1, "
             "radius > 0 and sigma > 0, got ", modes, ", ", radius, ", ", sigma);
    //! [ring_quality]
    RingQuality q;
    q.counts.assign(std::size_t(modes), 0);
    int64_t good = 0;
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        int best = 0;
        double best_d2 = INFINITY;
        for (int k = 0; k < modes; ++k) {  // the nearest centre (the first on a tie)
            const double angle = 2.0 * M_PI * k / modes;
            const double dx = X(0, j) - radius * std::cos(angle);
            const double dy = X(1, j) - radius * std::sin(angle);
            if (dx * dx + dy * dy < best_d2) best_d2 = dx * dx + dy * dy, best = k;
        }
        if (std::sqrt(best_d2) <= 3.0 * sigma) {  // high quality: within 3σ
            ++good;
            ++q.counts[std::size_t(best)];
        }
    }
    for (int64_t c : q.counts) q.modes_covered += c > 0;
    q.high_quality = double(good) / double(X.cols());
    return q;
    //! [ring_quality]
}

}  // namespace dl::exercises
