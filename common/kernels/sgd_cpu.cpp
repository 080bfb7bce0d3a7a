/// @file sgd_cpu.cpp
/// @brief CPU twin of dl::sgd_update (contract in sgd.hpp).
#include "scalar_math.hpp"
#include "sgd.hpp"

namespace dl::cpu {

namespace {
template <class T>
void update(Tensor& W, const Tensor& dW, T lr) {
    T* w = W.data<T>();
    const T* dw = dW.data<T>();
    const int64_t n = W.numel();
    for (int64_t i = 0; i < n; ++i) w[i] = math::sgd_step(w[i], dw[i], lr);
}
}  // namespace

void sgd_update(Tensor& W, const Tensor& dW, double lr) {
    if (W.dtype() == DType::F64)
        update<double>(W, dW, lr);
    else
        update<float>(W, dW, lr);
}

}  // namespace dl::cpu
