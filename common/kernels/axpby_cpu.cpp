/// @file axpby_cpu.cpp
/// @brief CPU twin of dl::axpby (contract in axpby.hpp): one Eigen array expression per case.
#include <Eigen/Core>

#include "axpby.hpp"

namespace dl::cpu {

namespace {
template <class T>
void axpby_t(T alpha, const Tensor& X, T beta, Tensor& Y) {
    using Arr = Eigen::Array<T, Eigen::Dynamic, 1>;
    const int64_t n = Y.numel();
    Eigen::Map<Arr> y(Y.data<T>(), n);
    Eigen::Map<const Arr> x(X.data<T>(), n);
    // The four cases keep BLAS's rule (α = 0 ignores X, β = 0 ignores Y) and skip the work
    // that multiplying by 0 or 1 would waste.
    if (alpha == T(0)) {
        if (beta == T(0)) y.setZero();
        else if (beta != T(1)) y *= beta;
    } else if (beta == T(0)) {
        y = alpha * x;
    } else if (beta == T(1)) {
        y += alpha * x;
    } else {
        y = alpha * x + beta * y;
    }
}
}  // namespace

void axpby(double alpha, const Tensor& X, double beta, Tensor& Y) {
    if (Y.empty()) return;
    if (Y.dtype() == DType::F64)
        axpby_t<double>(alpha, X, beta, Y);
    else
        axpby_t<float>(static_cast<float>(alpha), X, static_cast<float>(beta), Y);
}

}  // namespace dl::cpu
