/// @file vector_math_cpu.hpp
/// @brief The CPU twins' building blocks: e^x, log x, σ(z) and tanh z on a whole SIMD register
/// at once (Eigen's packet math), and the split of a long loop over the OpenMP threads.
///
/// A "packet" is one SIMD register of floats: 16 with AVX-512, 8 with AVX2, 4 with SSE or NEON
/// (Eigen picks the widest the compiler targets; the course builds with -march=native). The
/// scalar std::exp is a library call the compiler cannot vectorize, so a loop of them runs one
/// element at a time; Eigen's pexp evaluates the same function on a whole register with a
/// polynomial (range reduction e^x = 2^n·e^r, |r| ≤ ln 2 / 2, then a degree-6 polynomial in r).
///
/// Accuracy, measured against double precision on every 61st float32 bit pattern (36.8 million
/// values) and asserted by tests/kernels/test_vector_math.cpp:
///
/// | function    | formula here                               | max error              |
/// |-------------|--------------------------------------------|------------------------|
/// | exp         | Eigen's pexp                               | 4.5 ulp                |
/// | σ(z)        | (z ≥ 0 ? 1 : e) / (1 + e), e = e^{−|z|}    | 4.5 ulp                |
/// | tanh z      | Eigen's ptanh (a 13/6 rational function)   | 4.8 ulp                |
/// | softplus(z) | max(z, 0) + log1p(e), e = e^{−|z|}         | 8 ulp of max(sp, |z|)  |
///
/// (ulp: unit in the last place of the float32 result; 1 ulp is a relative error of 6e−8 to
/// 1.2e−7.) The largest errors are near the ends of the range, where e^x approaches the
/// smallest normal float. The derivatives the contracts define — σ(1 − σ) and 1 − tanh² — are
/// computed from these values, so near σ = 1 they carry the absolute error of 1 − σ (at most
/// 1.2e−7), like the scalar formulas of scalar_math.hpp on either device.
///
/// Every element, the last few included, goes through the same instructions (the tail of an
/// array is padded into one register), so a value never depends on where it sits in the array.
/// NaN propagates; ±inf and ±1000 give the limits (σ: 0 or 1, tanh: ±1); subnormal inputs read
/// as 0 (core/float_mode.hpp).
#pragma once

#include <omp.h>

#if defined(__SSE__)
#include <immintrin.h>
#endif

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <cstring>

namespace dl::cpu::vec {

namespace ei = Eigen::internal;

/// One SIMD register of floats, and how many floats it holds.
using Packet = ei::packet_traits<float>::type;
constexpr int64_t kLanes = sizeof(Packet) / sizeof(float);

inline Packet load(const float* p) { return ei::ploadu<Packet>(p); }
inline void store(float* p, const Packet& x) { ei::pstoreu(p, x); }
inline Packet splat(float v) { return ei::pset1<Packet>(v); }

/// e^x on every lane.
inline Packet exp(const Packet& x) { return ei::pexp(x); }

/// tanh x on every lane (Eigen's rational approximation; ±1 beyond |x| ≈ 7.9).
inline Packet tanh(const Packet& x) { return ei::ptanh(x); }

/// σ(z) = 1 / (1 + e^{−z}) on every lane, without overflow for any z: with e = e^{−|z|} ∈ [0, 1],
/// σ(z) = 1 / (1 + e) for z ≥ 0 and e / (1 + e) for z < 0 — the two branches of math::sigmoid
/// (scalar_math.hpp) as one expression. NaN stays NaN (the comparison is false, e is NaN).
inline Packet sigmoid(const Packet& z) {
    const Packet one = splat(1.0f);
    const Packet e = exp(ei::pnegate(ei::pabs(z)));
    const Packet num = ei::pselect(ei::pcmp_le(ei::pzero(z), z), one, e);
    return ei::pdiv(num, ei::padd(one, e));
}

/// log(1 + e) for e ∈ [0, 1]: with u = 1 + e rounded, log1p(e) = log(u) · e / (u − 1), exact
/// to a few ulp (the factor e / (u − 1) corrects the rounding of u); e itself when u rounds to 1.
inline Packet log1p_unit(const Packet& e) {
    const Packet one = splat(1.0f);
    const Packet u = ei::padd(one, e);
    const Packet um1 = ei::psub(u, one);
    const Packet r = ei::pmul(ei::plog(u), ei::pdiv(e, um1));
    return ei::pselect(ei::pcmp_eq(u, one), e, r);
}

/// Stores a register with an ordinary store (the line goes through the caches).
struct CachedStore {
    void operator()(float* p, const Packet& x) const { store(p, x); }
};

/// Stores a register with a non-temporal ("streaming") store: the line goes to memory without
/// first being read into the cache (no read-for-ownership), so an output array costs one memory
/// transfer per byte instead of two. Worth it only for outputs far larger than the caches, which
/// are not read again soon. Needs an address aligned to the register size.
struct StreamStore {
    void operator()(float* p, const Packet& x) const {
#if defined(__AVX512F__)
        _mm512_stream_ps(p, x);
#elif defined(__AVX__)
        _mm256_stream_ps(p, x);
#elif defined(__SSE__)
        _mm_stream_ps(p, x);
#else
        store(p, x);
#endif
    }
};

/// Output bytes from which a kernel streams its stores: past half the last-level cache of a
/// typical desktop or server CPU (32 MB) the output would be evicted before anyone reads it.
constexpr int64_t kStreamBytes = int64_t{16} << 20;

/// Whether an elementwise kernel with `outputs` float arrays of n elements streams its stores.
inline bool streams(int64_t n, int outputs) {
    return n * outputs * static_cast<int64_t>(sizeof(float)) >= kStreamBytes;
}

/// Calls body(x, y, st) on [0, n) one register at a time: x and y are the arrays' pointers at
/// the current element, st(p, v) the store to use for outputs (streaming when `stream` and every
/// output is aligned, cached otherwise). The last n mod kLanes elements are copied into
/// zero-padded buffers of one register each (`In` inputs, `Out` outputs), so body() only ever
/// sees whole registers and every element goes through the same instructions.
template <int In, int Out, class Body>
void for_each_packet(const float* const (&x)[In], float* const (&y)[Out], int64_t n, bool stream,
                     Body&& body) {
    int64_t i = 0;
    const float* xi[In];
    float* yi[Out];
    auto loop = [&](auto st) {
        for (; i + kLanes <= n; i += kLanes) {
            for (int k = 0; k < In; ++k) xi[k] = x[k] + i;
            for (int k = 0; k < Out; ++k) yi[k] = y[k] + i;
            body(xi, yi, st);
        }
    };
    bool aligned = true;
    for (int k = 0; k < Out; ++k)
        aligned = aligned && reinterpret_cast<std::uintptr_t>(y[k]) % sizeof(Packet) == 0;
    if (stream && aligned) {
        loop(StreamStore{});
#if defined(__SSE__)
        _mm_sfence();  // streaming stores are weakly ordered: finish them before returning
#endif
    } else {
        loop(CachedStore{});
    }
    const int64_t rest = n - i;
    if (rest == 0) return;
    alignas(64) float xb[In][kLanes] = {};
    alignas(64) float yb[Out][kLanes] = {};
    for (int k = 0; k < In; ++k) {
        std::memcpy(xb[k], x[k] + i, sizeof(float) * rest);
        xi[k] = xb[k];
    }
    for (int k = 0; k < Out; ++k) yi[k] = yb[k];
    body(xi, yi, CachedStore{});
    for (int k = 0; k < Out; ++k) std::memcpy(y[k] + i, yb[k], sizeof(float) * rest);
}

/// Elements per thread below which a thread costs more than it saves. A parallel region costs a
/// few microseconds; a memory-bound kernel moves ~10 GB/s per core and a transcendental one
/// computes ~2 elements per nanosecond, so these sizes keep the overhead under ~10 %.
constexpr int64_t kStreamGrain = int64_t{1} << 18;  // memory-bound: copy, add, ReLU, ...
constexpr int64_t kMathGrain = int64_t{1} << 15;    // e^x, tanh, log per element

/// Runs f(begin, end) over [0, n): split into one contiguous range per OpenMP thread (each a
/// multiple of kLanes long) when every thread gets at least `grain` elements, on the calling
/// thread otherwise (and inside a parallel region). The chapters' small sizes stay on one thread.
template <class F>
void parallel_ranges(int64_t n, int64_t grain, F&& f) {
    const int64_t want = std::min<int64_t>(omp_get_max_threads(), n / std::max<int64_t>(grain, 1));
    if (want <= 1 || omp_in_parallel()) {
        f(int64_t{0}, n);
        return;
    }
#pragma omp parallel num_threads(static_cast<int>(want))
    {
        const int64_t nt = omp_get_num_threads(), t = omp_get_thread_num();
        const int64_t chunk = ((n + nt - 1) / nt + kLanes - 1) / kLanes * kLanes;
        const int64_t begin = std::min(n, t * chunk), end = std::min(n, begin + chunk);
        if (begin < end) f(begin, end);
    }
}

}  // namespace dl::cpu::vec
