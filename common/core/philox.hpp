/// @file philox.hpp
/// @brief A counter-based random generator (Philox4x32-10) usable in host and device code.
///
/// dl::Rng (rng.hpp) is a *sequential* generator: number k depends on the k − 1 before it, so
/// a GPU thread cannot draw "its" number without the others. A counter-based generator is a
/// function instead: the random bits for element i are f(key, counter) with the counter
/// built from i, so every thread computes its own bits independently, and the CPU computes the
/// very same bits in a loop. That is how a dropout mask is the same on both devices for the
/// same seed and training step (kernels/dropout.hpp).
///
/// Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3",
/// SC 2011) maps a 128-bit counter c = (c0, c1, c2, c3) and a 64-bit key k = (k0, k1) to 128
/// random bits by ten rounds of
///
///     (hi0, lo0) = M0·c0,   (hi1, lo1) = M1·c2          (32 x 32 → 64-bit products)
///     c ← (hi1 ⊕ c1 ⊕ k0,  lo1,  hi0 ⊕ c3 ⊕ k1,  lo0)
///     k ← k + (W0, W1)                                   (between rounds)
///
/// with M0 = 0xD2511F53, M1 = 0xCD9E8D57 and the Weyl constants W0 = 0x9E3779B9 (the golden
/// ratio), W1 = 0xBB67AE85 (√3 − 1). The test checks the authors' published known answers.
///
/// How the course keys it (philox_bits): the key is the run's 64-bit seed; the counter holds
/// the element's block of four (i / 4, 64 bits), the layer (32 bits) and the training step
/// (32 bits), and element i takes word i mod 4 of its block's output. Every (seed, step, layer,
/// element) thus has its own 32 bits, and no two layers or steps share a stream.
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define DL_PHILOX_HD __host__ __device__ __forceinline__
#else
#define DL_PHILOX_HD inline
#endif

namespace dl {

/// Four 32-bit words: a Philox counter or its output.
struct Philox4 {
    uint32_t v[4];
};

namespace philox_detail {
constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

DL_PHILOX_HD void round(uint32_t c[4], uint32_t k0, uint32_t k1) {
    const uint64_t p0 = uint64_t(kM0) * c[0], p1 = uint64_t(kM1) * c[2];
    const uint32_t hi0 = uint32_t(p0 >> 32), lo0 = uint32_t(p0);
    const uint32_t hi1 = uint32_t(p1 >> 32), lo1 = uint32_t(p1);
    const uint32_t n0 = hi1 ^ c[1] ^ k0, n2 = hi0 ^ c[3] ^ k1;
    c[0] = n0;
    c[1] = lo1;
    c[2] = n2;
    c[3] = lo0;
}
}  // namespace philox_detail

/// Philox4x32-10 of `counter` under the key (k0, k1).
DL_PHILOX_HD Philox4 philox4x32(Philox4 counter, uint32_t k0, uint32_t k1) {
    uint32_t* c = counter.v;
    philox_detail::round(c, k0, k1);
    for (int r = 1; r < 10; ++r) {
        k0 += philox_detail::kW0;
        k1 += philox_detail::kW1;
        philox_detail::round(c, k0, k1);
    }
    return counter;
}

/// The 128 random bits of elements 4·block … 4·block + 3 for (seed, step, layer): one Philox
/// call serves four consecutive elements.
DL_PHILOX_HD Philox4 philox_block(uint64_t seed, uint64_t step, uint32_t layer, uint64_t block) {
    const Philox4 ctr{{uint32_t(block), uint32_t(block >> 32), layer, uint32_t(step)}};
    return philox4x32(ctr, uint32_t(seed), uint32_t(seed >> 32));
}

/// The 32 random bits of element i for (seed, step, layer).
DL_PHILOX_HD uint32_t philox_bits(uint64_t seed, uint64_t step, uint32_t layer, uint64_t i) {
    return philox_block(seed, step, layer, i >> 2).v[i & 3];
}

/// The threshold t with P(bits < t) = p for uniform 32-bit bits: round(p·2³²), as a 64-bit
/// integer so that p = 1 (2³², always below) is exact. Comparing integers, not floats, makes
/// "keep this unit" the same decision on every device and compiler.
DL_PHILOX_HD uint64_t philox_threshold(double p) {
    if (!(p > 0.0)) return 0;
    if (p >= 1.0) return uint64_t(1) << 32;
    return uint64_t(p * 4294967296.0 + 0.5);
}

/// A uniform number in [0, 1) from 32 random bits (24 of them: exact in float32 too).
DL_PHILOX_HD double philox_uniform(uint32_t bits) { return double(bits >> 8) * (1.0 / 16777216.0); }

/// A 32-bit identifier of a layer from its name (FNV-1a): the "layer" part of the counter, so
/// that two dropout layers of one model draw independent masks, and the same layer the same
/// mask on the CPU and the GPU. Host code only.
inline uint32_t philox_layer_id(const char* name) {
    uint32_t h = 2166136261u;
    for (const char* p = name; *p; ++p) h = (h ^ uint8_t(*p)) * 16777619u;
    return h;
}

}  // namespace dl
