/// @file dropout_cpu.cpp
/// @brief CPU twin of dl::dropout_forward and dl::dropout_backward (contract in dropout.hpp).
#include <Eigen/Core>

#include "dropout.hpp"

namespace dl::cpu {

namespace {
template <class T>
void forward_t(const Tensor& X, Tensor& Y, Tensor& D, double keep_prob, double scale,
               const DropoutKey& key) {
    const T* x = X.data<T>();
    T* y = Y.data<T>();
    T* d = D.data<T>();
    const int64_t n = X.numel();
    const uint64_t threshold = philox_threshold(keep_prob);
    const T s = static_cast<T>(scale);
    // One Philox call gives the bits of four consecutive elements (as on the GPU).
#pragma omp parallel for if (n >= 65536) schedule(static)
    for (int64_t b = 0; b < (n + 3) / 4; ++b) {
        const Philox4 r = philox_block(key.seed, key.step, key.layer, uint64_t(b));
        for (int64_t i = 4 * b, k = 0; k < 4 && i < n; ++i, ++k) {
            d[i] = uint64_t(r.v[k]) < threshold ? s : T(0);  // D = (u < p)·scale
            y[i] = x[i] * d[i];                               // Y = X ⊙ D
        }
    }
}

template <class T>
void backward_t(const Tensor& dY, const Tensor& D, Tensor& dX) {
    const int64_t n = dY.numel();
    Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>> dy(dY.data<T>(), n), d(D.data<T>(), n);
    Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>> dx(dX.data<T>(), n);
    dx = dy * d;  // dX = dY ⊙ D
}
}  // namespace

void dropout_forward(const Tensor& X, Tensor& Y, Tensor& D, double keep_prob, double scale,
                     const DropoutKey& key) {
    if (X.empty()) return;
    if (X.dtype() == DType::F64)
        forward_t<double>(X, Y, D, keep_prob, scale, key);
    else
        forward_t<float>(X, Y, D, keep_prob, scale, key);
}

void dropout_backward(const Tensor& dY, const Tensor& D, Tensor& dX) {
    if (dY.empty()) return;
    if (dY.dtype() == DType::F64)
        backward_t<double>(dY, D, dX);
    else
        backward_t<float>(dY, D, dX);
}

}  // namespace dl::cpu
