/// @file activation_cpu.cpp
/// @brief CPU twin of dl::activation_forward / activation_backward (contract in activation.hpp).
#include <type_traits>

#include "activation_apply.hpp"

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

template <class T>
void forward(Activation g, const Tensor& Z, Tensor& A, T alpha) {
    const T* z = Z.data<T>();
    T* a = A.data<T>();
    const int64_t n = Z.numel();
    with_activation(g, [&](auto G) {
        for (int64_t i = 0; i < n; ++i) a[i] = math::activate(G.value, z[i], alpha);
    });
}
template <class T>
void backward(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ, T alpha) {
    const T* z = Z.data<T>();
    const T* da = dA.data<T>();
    T* dz = dZ.data<T>();
    const int64_t n = Z.numel();
    with_activation(g, [&](auto G) {
        for (int64_t i = 0; i < n; ++i) dz[i] = da[i] * math::activate_grad(G.value, z[i], alpha);
    });
}
}  // namespace

void activation_forward(Activation g, const Tensor& Z, Tensor& A, double alpha) {
    if (Z.dtype() == DType::F64)
        forward<double>(g, Z, A, alpha);
    else
        forward<float>(g, Z, A, alpha);
}

void activation_backward(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ,
                         double alpha) {
    if (Z.dtype() == DType::F64)
        backward<double>(g, Z, dA, dZ, alpha);
    else
        backward<float>(g, Z, dA, dZ, alpha);
}

}  // namespace cpu
}  // namespace dl
