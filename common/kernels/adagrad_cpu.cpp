/// @file adagrad_cpu.cpp
/// @brief CPU twin of dl::adagrad_update (contract in adagrad.hpp), as Eigen array expressions
/// (a vectorized square root, as in rmsprop_cpu.cpp).
#include <Eigen/Core>

#include "adagrad.hpp"

namespace dl::cpu {

namespace {
template <class T>
void adagrad_t(Tensor& W, const Tensor& dW, Tensor& G, T lr, T eps) {
    using Arr = Eigen::Array<T, Eigen::Dynamic, 1>;
    const int64_t n = W.numel();
    Eigen::Map<Arr> w(W.data<T>(), n), g(G.data<T>(), n);
    Eigen::Map<const Arr> dw(dW.data<T>(), n);
    g += dw.square();                  // G ← G + dW²
    w -= lr * dw / (g.sqrt() + eps);   // W ← W − α·dW/(√G + ε)
}
}  // namespace

void adagrad_update(Tensor& W, const Tensor& dW, Tensor& G, double lr, double eps) {
    if (W.empty()) return;
    if (W.dtype() == DType::F64)
        adagrad_t<double>(W, dW, G, lr, eps);
    else
        adagrad_t<float>(W, dW, G, static_cast<float>(lr), static_cast<float>(eps));
}

}  // namespace dl::cpu
