/// @file adam_cpu.cpp
/// @brief CPU twin of dl::adam_update (contract in adam.hpp).
///
/// The same formula as math::adam_step (optimizer_math.hpp), written as Eigen array
/// expressions: Eigen's vectorized square root keeps the whole update in SIMD registers (a
/// scalar std::sqrt, which may set errno, stops the compiler from vectorizing the loop).
#include <omp.h>

#include <Eigen/Core>
#include <algorithm>

#include "adam.hpp"

namespace dl::cpu {

namespace {
template <class T>
void adam_t(Tensor& W, const Tensor& dW, Tensor& V, Tensor& S, const AdamParams& p, T c1, T c2) {
    using Arr = Eigen::Array<T, Eigen::Dynamic, 1>;
    const int64_t n = W.numel();
    const T lr = p.lr, b1 = p.beta1, b2 = p.beta2, eps = p.eps, decay = p.weight_decay;
    // Large parameter tensors are split between the threads, one contiguous chunk each.
#pragma omp parallel if (n >= 65536)
    {
#ifdef _OPENMP
        const int nt = omp_get_num_threads(), id = omp_get_thread_num();
#else
        const int nt = 1, id = 0;
#endif
        const int64_t chunk = (n + nt - 1) / nt, begin = std::min<int64_t>(n, id * chunk);
        const int64_t len = std::min<int64_t>(n, begin + chunk) - begin;
        Eigen::Map<Arr> w(W.data<T>() + begin, len), v(V.data<T>() + begin, len),
            s(S.data<T>() + begin, len);
        Eigen::Map<const Arr> dw(dW.data<T>() + begin, len);
        v = b1 * v + (T(1) - b1) * dw;                        // V ← β₁V + (1 − β₁)dW
        s = b2 * s + (T(1) - b2) * dw.square();               // S ← β₂S + (1 − β₂)dW²
        if (decay == T(0))
            w -= lr * (v * c1) / ((s * c2).sqrt() + eps);     // W ← W − α·V̂/(√Ŝ + ε)
        else                                                  // AdamW: + λ·W in the step
            w -= lr * ((v * c1) / ((s * c2).sqrt() + eps) + decay * w);
    }
}
}  // namespace

void adam_update(Tensor& W, const Tensor& dW, Tensor& V, Tensor& S, const AdamParams& p,
                 double c1, double c2) {
    if (W.dtype() == DType::F64)
        adam_t<double>(W, dW, V, S, p, c1, c2);
    else
        adam_t<float>(W, dW, V, S, p, c1, c2);
}

}  // namespace dl::cpu
