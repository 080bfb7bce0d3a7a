/// @file loop_gradients.cpp
/// @brief Reference solution of exercise ch03.loop_gradients (declared in exercises/ch03.hpp).
#include "exercises/ch03.hpp"

#include "kernels/loss_math.hpp"

namespace dl::exercises {

/// The lecture's two for-loops: over samples i, and inside over features k.
LogisticStep loop_gradients(const Eigen::VectorXd& w, double b, const MatrixD& X,
                            const MatrixD& Y) {
    const Eigen::Index n = X.rows(), m = X.cols();
    DL_CHECK(w.size() == n && Y.rows() == 1 && Y.cols() == m && m > 0,
             "loop_gradients: expected w n x 1, X n x m, Y 1 x m with m > 0; got w ", w.size(),
             " x 1, X ", n, " x ", m, ", Y ", Y.rows(), " x ", Y.cols());
    LogisticStep s;
    s.dw = Eigen::VectorXd::Zero(n);
    //! [two_loops]
    for (Eigen::Index i = 0; i < m; ++i) {          // first loop: the m samples
        double z = b;
        for (Eigen::Index k = 0; k < n; ++k) z += w(k) * X(k, i);
        const double a = math::sigmoid(z);
        s.J += math::bce_from_logit(z, Y(0, i));     // −[y log a + (1−y) log(1−a)]
        const double dz = a - Y(0, i);
        for (Eigen::Index k = 0; k < n; ++k)         // second loop: the n features
            s.dw(k) += X(k, i) * dz;
        s.db += dz;
    }
    s.J /= static_cast<double>(m);
    s.dw /= static_cast<double>(m);
    s.db /= static_cast<double>(m);
    //! [two_loops]
    return s;
}

}  // namespace dl::exercises
