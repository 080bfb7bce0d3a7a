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
/// With AVX-512 and K ≤ 16 (the chapters' 10 classes), a column fits one register: steps 1-3
/// are register operations on it (a masked load, a max and a sum across the lanes, a masked
/// store) instead of scalar loops, since a column of 10 floats never lines up with registers of
/// 16 (measured on one core: 0.67 ns per element for softmax, 1.1 ns for the fused loss, against
/// 0.93 and 2.0 ns for the blocks above). Columns are split over the threads when there are
/// enough of them. float64 (gradient checks) keeps the scalar std::exp / std::log loops, the
/// reference the float path is tested against.
#include <algorithm>
#include <cmath>
#include <vector>

#include "softmax.hpp"
#include "vector_math_cpu.hpp"

#if defined(__AVX512F__) && defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 reduction intrinsics start from _mm256_undefined_ps() and -Wall reports it
// as uninitialized; the lanes it names are never read.
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

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
    vec::for_each_packet<1, 1>({a}, {a}, n, false,
                               [](const float* const* x, float* const* y, auto st) {
                                   st(y[0], vec::exp(vec::load(x[0])));
                               });
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

#if defined(__AVX512F__)
/// K ≤ 16 classes on AVX-512: column j in one register, lanes ≥ K masked off (a masked load
/// reads nothing past the column, so the last column of the array is safe). A column's steps
/// depend on each other (max, then e^{z − max}, then the sum, then the scaling: ~90 cycles of
/// latency), so kColumns columns go through each step together and the CPU overlaps them
/// (measured: 8 columns at a time, 0.67 ns per element on one core, against 1.0 ns one by one).
constexpr int kColumns = 8;

/// Steps 1-2 for columns j .. j+N−1: t = z − max(z) and e = e^{t} in the K lanes.
template <int N>
inline void columns_exp(const float* z, int64_t K, __mmask16 lanes, __m512 (&t)[N],
                        __m512 (&e)[N]) {
    for (int u = 0; u < N; ++u) {
        const __m512 zk = _mm512_maskz_loadu_ps(lanes, z + u * K);
        t[u] = _mm512_sub_ps(zk, _mm512_set1_ps(_mm512_mask_reduce_max_ps(lanes, zk)));
    }
    for (int u = 0; u < N; ++u) e[u] = vec::exp(t[u]);  // every exponent <= 0: no overflow
}

template <int N>
inline void softmax_columns(const float* z, float* a, int64_t K, __mmask16 lanes) {
    __m512 t[N], e[N];
    columns_exp<N>(z, K, lanes, t, e);
    for (int u = 0; u < N; ++u) {
        const float s = _mm512_mask_reduce_add_ps(lanes, e[u]);
        _mm512_mask_storeu_ps(a + u * K, lanes, _mm512_mul_ps(e[u], _mm512_set1_ps(1.0f / s)));
    }
}

/// Also L's pieces: s = Σ e^{t}, Σ y·t (over y ≠ 0: 0 · −inf would be NaN for a logit of −inf)
/// and Σ y, for the block's vector log; and dZ = A − Y (dZ may be Z: z was read above).
template <int N>
inline void xent_columns(const float* z, const float* y, float* a, float* dz, int64_t K,
                         __mmask16 lanes, float* s, float* yt, float* ysum) {
    __m512 t[N], e[N];
    columns_exp<N>(z, K, lanes, t, e);
    for (int u = 0; u < N; ++u) {
        s[u] = _mm512_mask_reduce_add_ps(lanes, e[u]);
        const __m512 yk = _mm512_maskz_loadu_ps(lanes, y + u * K);
        const __mmask16 hot =
            _mm512_mask_cmp_ps_mask(lanes, yk, _mm512_setzero_ps(), _CMP_NEQ_UQ);
        yt[u] = _mm512_mask_reduce_add_ps(hot, _mm512_mul_ps(yk, t[u]));
        ysum[u] = _mm512_mask_reduce_add_ps(lanes, yk);
        const __m512 ak = _mm512_mul_ps(e[u], _mm512_set1_ps(1.0f / s[u]));
        _mm512_mask_storeu_ps(a + u * K, lanes, ak);
        _mm512_mask_storeu_ps(dz + u * K, lanes, _mm512_sub_ps(ak, yk));
    }
}

void softmax_in_registers(const float* z, float* a, int64_t K, int64_t m) {
    const __mmask16 lanes = static_cast<__mmask16>((1u << K) - 1);
    vec::parallel_ranges(m, std::max<int64_t>(1, vec::kMathGrain / K), [&](int64_t j0, int64_t j1) {
        int64_t j = j0;
        for (; j + kColumns <= j1; j += kColumns)
            softmax_columns<kColumns>(z + j * K, a + j * K, K, lanes);
        for (; j < j1; ++j) softmax_columns<1>(z + j * K, a + j * K, K, lanes);
    });
}

void softmax_xent_in_registers(const float* z, const float* y, float* a, float* l, float* dz,
                               int64_t K, int64_t m) {
    const __mmask16 lanes = static_cast<__mmask16>((1u << K) - 1);
    constexpr int64_t kBlock = 256;  // columns whose log Σe is taken in one vector pass
    vec::parallel_ranges(m, std::max<int64_t>(1, vec::kMathGrain / K), [&](int64_t j0, int64_t j1) {
        alignas(64) float s[kBlock], yt[kBlock], ysum[kBlock];
        for (int64_t b = j0; b < j1; b += kBlock) {
            const int64_t nc = std::min(kBlock, j1 - b);
            int64_t c = 0;
            for (; c + kColumns <= nc; c += kColumns) {
                const int64_t o = (b + c) * K;
                xent_columns<kColumns>(z + o, y + o, a + o, dz + o, K, lanes, s + c, yt + c,
                                       ysum + c);
            }
            for (; c < nc; ++c) {
                const int64_t o = (b + c) * K;
                xent_columns<1>(z + o, y + o, a + o, dz + o, K, lanes, s + c, yt + c, ysum + c);
            }
            // L = log s · Σ y − Σ y·t, the logs of the block's columns a register at a time.
            vec::for_each_packet<1, 1>({s}, {s}, nc, false,
                                       [](const float* const* x, float* const* out, auto st) {
                                           st(out[0], vec::ei::plog(vec::load(x[0])));
                                       });
            for (int64_t k = 0; k < nc; ++k) l[b + k] = s[k] * ysum[k] - yt[k];
        }
    });
}
#endif

template <int KC>
void softmax_f32(const float* z, float* a, int64_t K, int64_t m) {
#if defined(__AVX512F__)
    if (K <= 16) return softmax_in_registers(z, a, K, m);
#endif
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
#if defined(__AVX512F__)
    if (K <= 16) return softmax_xent_in_registers(z, y, a, l, dz, K, m);
#endif
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
