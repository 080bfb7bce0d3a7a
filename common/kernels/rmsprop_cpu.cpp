/// @file rmsprop_cpu.cpp
/// @brief CPU twin of dl::rmsprop_update (contract in rmsprop.hpp), as Eigen array expressions
/// (a vectorized square root; see adam_cpu.cpp).
#include <Eigen/Core>

#include "rmsprop.hpp"

namespace dl::cpu {

namespace {
template <class T>
void rmsprop_t(Tensor& W, const Tensor& dW, Tensor& S, T lr, T beta, T eps) {
    using Arr = Eigen::Array<T, Eigen::Dynamic, 1>;
    const int64_t n = W.numel();
    Eigen::Map<Arr> w(W.data<T>(), n), s(S.data<T>(), n);
    Eigen::Map<const Arr> dw(dW.data<T>(), n);
    s = beta * s + (T(1) - beta) * dw.square();  // S ← βS + (1 − β)dW²
    w -= lr * dw / (s.sqrt() + eps);             // W ← W − α·dW/(√S + ε)
}
}  // namespace

void rmsprop_update(Tensor& W, const Tensor& dW, Tensor& S, double lr, double beta, double eps) {
    if (W.empty()) return;
    if (W.dtype() == DType::F64)
        rmsprop_t<double>(W, dW, S, lr, beta, eps);
    else
        rmsprop_t<float>(W, dW, S, static_cast<float>(lr), static_cast<float>(beta),
                         static_cast<float>(eps));
}

}  // namespace dl::cpu
