/// @file batchnorm_cpu.cpp
/// @brief CPU twin of dl::batchnorm_forward / batchnorm_backward (contract in batchnorm.hpp).
///
/// Channel c of the (inner, channels, outer) view is `outer` runs of `inner` contiguous
/// elements, run o starting at inner·(c + channels·o). Each channel is one task (the channels
/// are split between the threads); a run is summed in the tensor's precision (Eigen's
/// vectorised sum, at most a few hundred elements), the runs in double. The variance is a
/// second pass over the centred values, Σ (x − μ)², which stays accurate when |μ| ≫ σ (the
/// one-pass Σx² − Nμ² would cancel).
#include <Eigen/Core>
#include <cmath>

#include "batchnorm.hpp"

namespace dl::cpu {

namespace {

template <class T>
using Run = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <class T>
using ConstRun = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

/// Threads only when the tensor is large enough to pay for waking them.
constexpr int64_t kParallelElements = 1 << 15;

/// Element offset of run o of channel c.
inline int64_t run_start(const ChannelView& v, int64_t c, int64_t o) {
    return v.inner * (c + v.channels * o);
}

template <class T>
void forward_t(const Tensor& X, const Tensor& gamma, const Tensor& beta, const ChannelView& v,
               const BatchNormSettings& s, Tensor& Y, Tensor& mean, Tensor& inv_std,
               Tensor& running_mean, Tensor& running_var) {
    const T* x = X.data<T>();
    T* y = Y.data<T>();
    const T* g = gamma.data<T>();
    const T* b = beta.data<T>();
    T* mu = mean.data<T>();
    T* is = inv_std.data<T>();
    T* rm = running_mean.data<T>();
    T* rv = running_var.data<T>();
    const int64_t C = v.channels, n = v.inner;
    const double N = double(v.per_channel());
#pragma omp parallel for schedule(static) if (v.numel() >= kParallelElements)
    for (int64_t c = 0; c < C; ++c) {
        double m, var;
        if (s.training) {
            double sum = 0;
            for (int64_t o = 0; o < v.outer; ++o) sum += ConstRun<T>(x + run_start(v, c, o), n).sum();
            m = sum / N;  // μ_c
            double sq = 0;
            for (int64_t o = 0; o < v.outer; ++o)
                sq += (ConstRun<T>(x + run_start(v, c, o), n) - T(m)).square().sum();
            var = sq / N;  // σ²_c (biased: the batch's own spread)
            const double mom = s.momentum, unbiased = N > 1 ? var * N / (N - 1) : var;
            rm[c] = T((1 - mom) * double(rm[c]) + mom * m);
            rv[c] = T((1 - mom) * double(rv[c]) + mom * unbiased);
        } else {
            m = double(rm[c]);
            var = double(rv[c]);
        }
        const double inv = 1.0 / std::sqrt(var + s.eps);
        mu[c] = T(m);
        is[c] = T(inv);
        // y = γ·(x − μ)/√(σ² + ε) + β = a·(x − μ) + β with a = γ/√(σ² + ε). (Not a·x + (β − a·μ):
        // when |μ|·a is large the two terms would cancel and lose the result's digits.)
        const T a = T(double(g[c]) * inv), mt = T(m), bt = b[c];
        for (int64_t o = 0; o < v.outer; ++o) {
            const int64_t at = run_start(v, c, o);
            Run<T>(y + at, n) = (ConstRun<T>(x + at, n) - mt) * a + bt;
        }
    }
}

template <class T>
void backward_t(const Tensor& dY, const Tensor& X, const Tensor& gamma, const Tensor& mean,
                const Tensor& inv_std, const ChannelView& v, bool training, Tensor* dX,
                Tensor& dgamma, Tensor& dbeta, Tensor& sums) {
    const T* dy = dY.data<T>();
    const T* x = X.data<T>();
    const T* g = gamma.data<T>();
    const T* mu = mean.data<T>();
    const T* is = inv_std.data<T>();
    T* dg = dgamma.data<T>();
    T* db = dbeta.data<T>();
    T* S = sums.data<T>();
    T* dx = dX ? dX->data<T>() : nullptr;
    const int64_t C = v.channels, n = v.inner;
    const double N = double(v.per_channel());
#pragma omp parallel for schedule(static) if (v.numel() >= kParallelElements)
    for (int64_t c = 0; c < C; ++c) {
        const T m = mu[c];
        double s1 = 0, s2c = 0;  // Σ dy and Σ dy·(x − μ)
        for (int64_t o = 0; o < v.outer; ++o) {
            const int64_t at = run_start(v, c, o);
            const ConstRun<T> dyr(dy + at, n), xr(x + at, n);
            s1 += dyr.sum();
            s2c += (dyr * (xr - m)).sum();
        }
        const double inv = double(is[c]);
        const double s2 = s2c * inv;  // Σ dy·x̂
        S[c] = T(s1);
        S[C + c] = T(s2);
        db[c] += T(s1);  // dβ += Σ dy
        dg[c] += T(s2);  // dγ += Σ dy·x̂
        if (!dx) continue;
        // dx = γ·inv·(dy − s1/N − x̂·s2/N) = k1·dy + k2·(x − μ) + k3, with x̂ = (x − μ)·inv.
        const double gi = double(g[c]) * inv;
        double k1 = gi, k2 = 0, k3 = 0;
        if (training) {
            k2 = -gi * inv * s2 / N;
            k3 = -gi * s1 / N;
        }
        for (int64_t o = 0; o < v.outer; ++o) {
            const int64_t at = run_start(v, c, o);
            Run<T>(dx + at, n) =
                ConstRun<T>(dy + at, n) * T(k1) + (ConstRun<T>(x + at, n) - m) * T(k2) + T(k3);
        }
    }
}

}  // namespace

void batchnorm_forward(const Tensor& X, const Tensor& gamma, const Tensor& beta,
                       const ChannelView& v, const BatchNormSettings& s, Tensor& Y, Tensor& mean,
                       Tensor& inv_std, Tensor& running_mean, Tensor& running_var) {
    if (X.dtype() == DType::F64)
        forward_t<double>(X, gamma, beta, v, s, Y, mean, inv_std, running_mean, running_var);
    else
        forward_t<float>(X, gamma, beta, v, s, Y, mean, inv_std, running_mean, running_var);
}

void batchnorm_backward(const Tensor& dY, const Tensor& X, const Tensor& gamma,
                        const Tensor& mean, const Tensor& inv_std, const ChannelView& v,
                        bool training, Tensor* dX, Tensor& dgamma, Tensor& dbeta, Tensor& sums) {
    if (X.dtype() == DType::F64)
        backward_t<double>(dY, X, gamma, mean, inv_std, v, training, dX, dgamma, dbeta, sums);
    else
        backward_t<float>(dY, X, gamma, mean, inv_std, v, training, dX, dgamma, dbeta, sums);
}

}  // namespace dl::cpu
