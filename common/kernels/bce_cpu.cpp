/// @file bce_cpu.cpp
/// @brief CPU twin of dl::bce_with_logits (contract in bce.hpp).
///
/// float32: one pass over memory, a SIMD register at a time, with one e = e^{−|z|} shared by the
/// prediction and the loss (vector_math_cpu.hpp): σ(z) = (z ≥ 0 ? 1 : e) / (1 + e) and
/// softplus(z) = max(z, 0) + log1p(e) — the formulas of loss_math.hpp. float64 (gradient checks)
/// runs those scalar formulas as written.
#include "bce.hpp"
#include "loss_math.hpp"
#include "vector_math_cpu.hpp"

namespace dl::cpu {

namespace {
void bce_f32(const float* z, const float* y, float* a, float* l, float* dz, int64_t n,
             bool stream) {
    namespace ei = vec::ei;
    const vec::Packet one = vec::splat(1.0f), zero = vec::splat(0.0f);
    vec::for_each_packet<2, 3>({z, y}, {a, l, dz}, n, stream, [&](const float* const* in,
                                                                  float* const* out, auto st) {
        const vec::Packet zi = vec::load(in[0]), yi = vec::load(in[1]);
        const vec::Packet e = vec::exp(ei::pnegate(ei::pabs(zi)));             // e^{−|z|}
        const vec::Packet nonneg = ei::pcmp_le(zero, zi);                      // z ≥ 0
        const vec::Packet ai = ei::pdiv(ei::pselect(nonneg, one, e), ei::padd(one, e));
        // L = softplus(z) − y·z = max(z, 0) + log(1 + e^{−|z|}) − y·z. max(z, 0) as a select
        // (z < 0 ? 0 : z), not pmax: a NaN logit must give a NaN loss.
        const vec::Packet relu = ei::pselect(ei::pcmp_lt(zi, zero), zero, zi);
        const vec::Packet li = ei::psub(ei::padd(relu, vec::log1p_unit(e)), ei::pmul(yi, zi));
        st(out[0], ai);  // A, L or dZ may be Z: z was read above
        st(out[1], li);
        st(out[2], ei::psub(ai, yi));
    });
}

template <class T>
void bce_scalar(const T* z, const T* y, T* a, T* l, T* dz, int64_t n) {
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
    const int64_t n = Z.numel();
    const bool stream = vec::streams(n, 3);
    vec::parallel_ranges(n, vec::kMathGrain, [&](int64_t b, int64_t e) {
        if (Z.dtype() == DType::F64)
            bce_scalar<double>(Z.data<double>() + b, Y.data<double>() + b, A.data<double>() + b,
                               L.data<double>() + b, dZ.data<double>() + b, e - b);
        else
            bce_f32(Z.data<float>() + b, Y.data<float>() + b, A.data<float>() + b,
                    L.data<float>() + b, dZ.data<float>() + b, e - b, stream);
    });
}

}  // namespace dl::cpu
