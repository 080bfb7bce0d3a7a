/// @file activation_cpu.cpp
/// @brief CPU twin of dl::activation_forward / activation_backward (contract in activation.hpp).
///
/// float32 runs on whole SIMD registers (vector_math_cpu.hpp: Eigen's packet e^x and tanh for σ
/// and tanh, accuracy stated and tested there; the comparisons of scalar_math.hpp for the rest).
/// float64 runs the scalar formulas of scalar_math.hpp. Large tensors are split over the threads.
#include <type_traits>

#include "activation_apply.hpp"
#include "vector_math_cpu.hpp"

namespace dl {

const char* activation_name(Activation a) {
    switch (a) {
        case Activation::Identity: return "identity";
        case Activation::Step: return "step";
        case Activation::Sign: return "sign";
        case Activation::Sigmoid: return "sigmoid";
        case Activation::Tanh: return "tanh";
        case Activation::ReLU: return "relu";
        case Activation::LeakyReLU: return "leaky_relu";
    }
    return "?";
}

Activation parse_activation(const std::string& name) {
    for (Activation a : {Activation::Identity, Activation::Step, Activation::Sign,
                         Activation::Sigmoid, Activation::Tanh, Activation::ReLU,
                         Activation::LeakyReLU})
        if (name == activation_name(a)) return a;
    throw UsageError(cat("unknown activation '", name,
                         "': expected identity, step, sign, sigmoid, tanh, relu or leaky_relu"));
}

namespace cpu {

namespace {
/// Calls f(std::integral_constant<Activation, g>) for the runtime g: each loop below is then
/// compiled once per activation, with g a constant, so no branch on g is left inside the loop
/// and the compiler can vectorize it.
template <class F>
void with_activation(Activation g, F&& f) {
    using A = Activation;
    switch (g) {
        case A::Identity: return f(std::integral_constant<A, A::Identity>{});
        case A::Step: return f(std::integral_constant<A, A::Step>{});
        case A::Sign: return f(std::integral_constant<A, A::Sign>{});
        case A::Sigmoid: return f(std::integral_constant<A, A::Sigmoid>{});
        case A::Tanh: return f(std::integral_constant<A, A::Tanh>{});
        case A::ReLU: return f(std::integral_constant<A, A::ReLU>{});
        case A::LeakyReLU: return f(std::integral_constant<A, A::LeakyReLU>{});
    }
}

bool transcendental(Activation g) { return g == Activation::Sigmoid || g == Activation::Tanh; }

/// float64 (gradient checks): the scalar formulas of scalar_math.hpp, one compiled loop per
/// activation; σ and tanh stay std::exp and std::tanh, the reference the float32 path is tested
/// against.
template <class T>
void forward(Activation g, const T* z, T* a, int64_t n, T alpha) {
    with_activation(g, [&](auto G) {
        for (int64_t i = 0; i < n; ++i) a[i] = math::activate(G.value, z[i], alpha);
    });
}
template <class T>
void backward(Activation g, const T* z, const T* da, T* dz, int64_t n, T alpha) {
    with_activation(g, [&](auto G) {
        for (int64_t i = 0; i < n; ++i) dz[i] = da[i] * math::activate_grad(G.value, z[i], alpha);
    });
}

/// g(z) and g'(z) on a whole register for a compile-time g: the formulas of scalar_math.hpp
/// with the same comparisons (so NaN gives what the scalar formula gives: ReLU(NaN) = 0 as
/// `z > 0 ? z : 0` does), σ and tanh from vector_math_cpu.hpp.
template <Activation G>
vec::Packet g_of(const vec::Packet& z, const vec::Packet& alpha) {
    namespace ei = vec::ei;
    const vec::Packet zero = vec::splat(0.0f), one = vec::splat(1.0f);
    if constexpr (G == Activation::Identity) return z;
    if constexpr (G == Activation::Step) return ei::pselect(ei::pcmp_le(zero, z), one, zero);
    if constexpr (G == Activation::Sign)
        return ei::pselect(ei::pcmp_le(zero, z), one, vec::splat(-1.0f));
    if constexpr (G == Activation::Sigmoid) return vec::sigmoid(z);
    if constexpr (G == Activation::Tanh) return vec::tanh(z);
    if constexpr (G == Activation::ReLU) return ei::pselect(ei::pcmp_lt(zero, z), z, zero);
    if constexpr (G == Activation::LeakyReLU)
        return ei::pselect(ei::pcmp_lt(zero, z), z, ei::pmul(alpha, z));
}
template <Activation G>
vec::Packet g_prime(const vec::Packet& z, const vec::Packet& alpha) {
    namespace ei = vec::ei;
    const vec::Packet zero = vec::splat(0.0f), one = vec::splat(1.0f);
    if constexpr (G == Activation::Identity) return one;
    if constexpr (G == Activation::Step || G == Activation::Sign) return zero;
    if constexpr (G == Activation::Sigmoid) {  // σ'(z) = σ(z)(1 − σ(z))
        const vec::Packet s = vec::sigmoid(z);
        return ei::pmul(s, ei::psub(one, s));
    }
    if constexpr (G == Activation::Tanh) {  // tanh'(z) = 1 − tanh²(z)
        const vec::Packet t = vec::tanh(z);
        return ei::psub(one, ei::pmul(t, t));
    }
    if constexpr (G == Activation::ReLU) return ei::pselect(ei::pcmp_lt(zero, z), one, zero);
    if constexpr (G == Activation::LeakyReLU) return ei::pselect(ei::pcmp_lt(zero, z), one, alpha);
}

/// float32, a SIMD register at a time: A = g(Z); dZ = dA ⊙ g'(Z). Outputs larger than the
/// caches are written with streaming stores (vector_math_cpu.hpp).
template <Activation G>
void forward_simd(const float* z, float* a, int64_t n, float alpha, bool stream) {
    const vec::Packet al = vec::splat(alpha);
    vec::for_each_packet<1, 1>({z}, {a}, n, stream, [&](const float* const* x, float* const* y,
                                                         auto st) {
        st(y[0], g_of<G>(vec::load(x[0]), al));
    });
}
template <Activation G>
void backward_simd(const float* z, const float* da, float* dz, int64_t n, float alpha,
                   bool stream) {
    const vec::Packet al = vec::splat(alpha);
    vec::for_each_packet<2, 1>({z, da}, {dz}, n, stream, [&](const float* const* x,
                                                             float* const* y, auto st) {
        st(y[0], vec::ei::pmul(vec::load(x[1]), g_prime<G>(vec::load(x[0]), al)));
    });
}

/// Threads only where the size pays: the transcendental loops from 2 x 32 Ki elements, the
/// memory-bound ones from 2 x 256 Ki (the chapters' 256 x 64 stays on one thread).
int64_t grain(Activation g) { return transcendental(g) ? vec::kMathGrain : vec::kStreamGrain; }
}  // namespace

void activation_forward(Activation g, const Tensor& Z, Tensor& A, double alpha) {
    const int64_t n = Z.numel();
    if (Z.dtype() == DType::F64) {
        const double* z = Z.data<double>();
        double* a = A.data<double>();
        vec::parallel_ranges(n, grain(g), [&](int64_t b, int64_t e) {
            forward<double>(g, z + b, a + b, e - b, alpha);
        });
        return;
    }
    const float* z = Z.data<float>();
    float* a = A.data<float>();
    const float al = static_cast<float>(alpha);
    const bool stream = vec::streams(n, 1);
    with_activation(g, [&](auto G) {
        vec::parallel_ranges(n, grain(g), [&](int64_t b, int64_t e) {
            forward_simd<G.value>(z + b, a + b, e - b, al, stream);
        });
    });
}

void activation_backward(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ,
                         double alpha) {
    const int64_t n = Z.numel();
    if (Z.dtype() == DType::F64) {
        const double *z = Z.data<double>(), *da = dA.data<double>();
        double* dz = dZ.data<double>();
        vec::parallel_ranges(n, grain(g), [&](int64_t b, int64_t e) {
            backward<double>(g, z + b, da + b, dz + b, e - b, alpha);
        });
        return;
    }
    const float *z = Z.data<float>(), *da = dA.data<float>();
    float* dz = dZ.data<float>();
    const float al = static_cast<float>(alpha);
    const bool stream = vec::streams(n, 1);
    with_activation(g, [&](auto G) {
        vec::parallel_ranges(n, grain(g), [&](int64_t b, int64_t e) {
            backward_simd<G.value>(z + b, da + b, dz + b, e - b, al, stream);
        });
    });
}

}  // namespace cpu
}  // namespace dl
