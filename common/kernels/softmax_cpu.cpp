/// @file softmax_cpu.cpp
/// @brief CPU twin of dl::softmax / softmax_cross_entropy (contract in softmax.hpp).
///
/// float32 works on blocks of whole columns small enough to stay in the L1 cache (~8 KB), so
/// Z and Y are read from memory once and A, L, dZ written once:
///
///   1. per column: m = max_k z_k, then t_k = z_k − m written into A (and, for the loss,
///      Σ_k y_k·t_k and Σ_k y_k)
///   2. the whole block at once: A ← e^{A}, a SIMD register at a time (Eigen's packet e^x,
///      vector_math_cpu.hpp) — the only costly step, and contiguous whatever K is
///   3. per column: s = Σ_k e^{t_k}, A(:, j) ← A(:, j) · (1/s) (as the CUDA twin), dZ = A − Y
///   4. the loss, for the block's columns at once: L_j = log s_j · Σ_k y_k − Σ_k y_k·t_k,
///      which is −Σ_k y_k·log a_k with log a_k = t_k − log s_j (the log-sum-exp form)
///
/// Blocks are split over the threads when there are enough of them. float64 (gradient checks)
/// keeps the scalar std::exp / std::log loops, the reference the float path is tested against.
#include <algorithm>
#include <cmath>
#include <vector>

#include "softmax.hpp"
#include "vector_math_cpu.hpp"

namespace dl::cpu {

namespace {
/// Columns per block: ~2048 floats of A (8 KB), at least one column.
int64_t block_cols(int64_t K) { return std::max<int64_t>(1, 2048 / std::max<int64_t>(K, 1)); }

/// The per-column loops below are compiled for K = KC when KC > 0 (the ten classes of the
/// chapters: fully unrolled, ~2x faster) and for any K when KC = 0.
template <int KC>
inline int64_t classes(int64_t K) {
    return KC > 0 ? KC : K;
}

/// Step 1 for one column: t = z − max(z) into a; returns the max.
template <int KC>
inline float shift_by_max(const float* z, float* a, int64_t Kd) {
    const int64_t K = classes<KC>(Kd);
    float mx = z[0];
    for (int64_t k = 1; k < K; ++k) mx = std::max(mx, z[k]);
    for (int64_t k = 0; k < K; ++k) a[k] = z[k] - mx;  // every exponent <= 0: no overflow
    return mx;
}

/// Step 2: a ← e^{a} over a contiguous block.
inline void exp_in_place(float* a, int64_t n) {
    vec::for_each_packet<1, 1>({a}, {a}, n, false, [](const float* const* x, float* const* y,
                                                      auto st) { st(y[0], vec::exp(vec::load(x[0]))); });
}

/// Step 3 for one column: divides by the sum; returns the sum.
template <int KC>
inline float normalize(float* a, int64_t Kd) {
    const int64_t K = classes<KC>(Kd);
    float s = 0.0f;
    for (int64_t k = 0; k < K; ++k) s += a[k];
    const float inv = 1.0f / s;
    for (int64_t k = 0; k < K; ++k) a[k] *= inv;
    return s;
}

template <int KC>
void softmax_f32(const float* z, float* a, int64_t K, int64_t m) {
    const int64_t bc = block_cols(K);
    vec::parallel_ranges(m, std::max<int64_t>(1, vec::kMathGrain / K), [&](int64_t j0, int64_t j1) {
        for (int64_t b = j0; b < j1; b += bc) {
            const int64_t nc = std::min(bc, j1 - b);
            for (int64_t j = b; j < b + nc; ++j) shift_by_max<KC>(z + j * K, a + j * K, K);
            exp_in_place(a + b * K, nc * K);
            for (int64_t j = b; j < b + nc; ++j) normalize<KC>(a + j * K, K);
        }
    });
}

template <int KC>
void softmax_xent_f32(const float* z, const float* y, float* a, float* l, float* dz, int64_t Kd,
                      int64_t m) {
    const int64_t K = classes<KC>(Kd);
    const int64_t bc = block_cols(K);
    vec::parallel_ranges(m, std::max<int64_t>(1, vec::kMathGrain / K), [&](int64_t j0, int64_t j1) {
        std::vector<float> yt(static_cast<size_t>(bc)), ysum(static_cast<size_t>(bc)),
            s(static_cast<size_t>(bc));
        for (int64_t b = j0; b < j1; b += bc) {
            const int64_t nc = std::min(bc, j1 - b);
            for (int64_t c = 0; c < nc; ++c) {
                const int64_t j = b + c;
                shift_by_max<KC>(z + j * K, a + j * K, K);
                float dot = 0.0f, sum = 0.0f;
                for (int64_t k = 0; k < K; ++k) {
                    const float yk = y[j * K + k];
                    // Terms with y = 0 are left out (0 · −inf would be NaN for a logit of −inf).
                    dot += yk != 0.0f ? yk * a[j * K + k] : 0.0f;
                    sum += yk;
                }
                yt[c] = dot;
                ysum[c] = sum;
            }
            exp_in_place(a + b * K, nc * K);
            for (int64_t c = 0; c < nc; ++c) {
                const int64_t j = b + c;
                s[c] = normalize<KC>(a + j * K, K);
                for (int64_t k = 0; k < K; ++k) dz[j * K + k] = a[j * K + k] - y[j * K + k];
            }
            // log s for the block's columns, a register at a time, then L = log s · Σy − Σ y·t.
            vec::for_each_packet<1, 1>({s.data()}, {s.data()}, nc, false,
                                       [](const float* const* x, float* const* o, auto st) {
                                           st(o[0], vec::ei::plog(vec::load(x[0])));
                                       });
            for (int64_t c = 0; c < nc; ++c) l[b + c] = s[c] * ysum[c] - yt[c];
        }
    });
}

template <class T>
void softmax_scalar(const T* z, T* a, int64_t K, int64_t m) {
    for (int64_t j = 0; j < m; ++j) {
        const T* zj = z + j * K;
        T* aj = a + j * K;
        T mx = zj[0];
        for (int64_t k = 1; k < K; ++k) mx = std::max(mx, zj[k]);
        T s = 0;
        for (int64_t k = 0; k < K; ++k) s += (aj[k] = std::exp(zj[k] - mx));
        for (int64_t k = 0; k < K; ++k) aj[k] /= s;
    }
}

template <class T>
void softmax_xent_scalar(const T* z, const T* y, T* a, T* l, T* dz, int64_t K, int64_t m) {
    for (int64_t j = 0; j < m; ++j) {
        const T *zj = z + j * K, *yj = y + j * K;
        T mx = zj[0];
        for (int64_t k = 1; k < K; ++k) mx = std::max(mx, zj[k]);
        T s = 0;
        for (int64_t k = 0; k < K; ++k) s += std::exp(zj[k] - mx);
        const T log_s = std::log(s);
        // L = −Σ_k y_k·log a_k with log a_k = (z_k − max) − log Σ e^{z − max}.
        T loss = 0;
        for (int64_t k = 0; k < K; ++k) {
            const T log_a = (zj[k] - mx) - log_s;
            if (yj[k] != T(0)) loss -= yj[k] * log_a;
            const T ak = std::exp(log_a);
            a[j * K + k] = ak;
            dz[j * K + k] = ak - yj[k];  // dZ may alias Z: z(k, j) is not read again
        }
        l[j] = loss;
    }
}
}  // namespace

void softmax(const Tensor& Z, Tensor& A) {
    const int64_t K = Z.rows(), m = Z.cols();
    if (Z.dtype() == DType::F64)
        softmax_scalar<double>(Z.data<double>(), A.data<double>(), K, m);
    else if (K == 10)
        softmax_f32<10>(Z.data<float>(), A.data<float>(), K, m);
    else
        softmax_f32<0>(Z.data<float>(), A.data<float>(), K, m);
}

void softmax_cross_entropy(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) {
    const int64_t K = Z.rows(), m = Z.cols();
    if (Z.dtype() == DType::F64)
        softmax_xent_scalar<double>(Z.data<double>(), Y.data<double>(), A.data<double>(),
                                    L.data<double>(), dZ.data<double>(), K, m);
    else if (K == 10)
        softmax_xent_f32<10>(Z.data<float>(), Y.data<float>(), A.data<float>(), L.data<float>(),
                             dZ.data<float>(), K, m);
    else
        softmax_xent_f32<0>(Z.data<float>(), Y.data<float>(), A.data<float>(), L.data<float>(),
                            dZ.data<float>(), K, m);
}

}  // namespace dl::cpu
