/// @file momentum_cpu.cpp
/// @brief CPU twin of dl::momentum_update (contract in momentum.hpp).
#include "momentum.hpp"
#include "optimizer_math.hpp"

namespace dl::cpu {

namespace {
template <class T>
void momentum_t(Tensor& W, const Tensor& dW, Tensor& V, T lr, T beta) {
    T* __restrict w = W.data<T>();
    const T* __restrict dw = dW.data<T>();
    T* __restrict v = V.data<T>();
    const int64_t n = W.numel();
#pragma omp parallel for simd if (n >= 65536) schedule(static)
    for (int64_t i = 0; i < n; ++i) math::momentum_step(w[i], v[i], dw[i], lr, beta);
}
}  // namespace

void momentum_update(Tensor& W, const Tensor& dW, Tensor& V, double lr, double beta) {
    if (W.dtype() == DType::F64)
        momentum_t<double>(W, dW, V, lr, beta);
    else
        momentum_t<float>(W, dW, V, lr, beta);
}

}  // namespace dl::cpu
