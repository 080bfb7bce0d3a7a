/// @file bce_cpu.cpp
/// @brief CPU twin of dl::bce_with_logits (contract in bce.hpp).
#include "bce.hpp"
#include "loss_math.hpp"

namespace dl::cpu {

namespace {
template <class T>
void bce_t(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) {
    const T* z = Z.data<T>();
    const T* y = Y.data<T>();
    T* a = A.data<T>();
    T* l = L.data<T>();
    T* dz = dZ.data<T>();
    const int64_t n = Z.numel();
#pragma omp parallel for if (n > 65536)
    for (int64_t i = 0; i < n; ++i) {
        const T zi = z[i], yi = y[i];
        const T ai = math::sigmoid(zi);
        l[i] = math::bce_from_logit(zi, yi);
        a[i] = ai;
        dz[i] = ai - yi;
    }
}
}  // namespace

void bce_with_logits(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) {
    if (Z.dtype() == DType::F64)
        bce_t<double>(Z, Y, A, L, dZ);
    else
        bce_t<float>(Z, Y, A, L, dZ);
}

}  // namespace dl::cpu
