/// @file half_ops_cpu.cpp
/// @brief CPU twins of the float16/bfloat16 kernels (mixed precision, chapter 9): matmul,
/// add_bias, the activations, row_sums and axpby on 16-bit tensors.
///
/// The CPU has no 16-bit arithmetic to speak of, so each kernel emulates what the GPU does:
/// the 16-bit inputs are widened to float32, the float32 twin computes (products and sums in
/// float32, as on the tensor cores), and the result is rounded once to the output's format.
/// That is exactly the GPU's arithmetic up to the order of the float32 sums, so the parity
/// tests hold to a unit of the 16-bit format, and chapter 9 can show the overflow and
/// underflow of float16 training on a machine without a GPU. It is slower than float32 here
/// (the conversions), never faster: the speed of 16 bits is a GPU story.
#include "activation.hpp"
#include "axpby.hpp"
#include "bias.hpp"
#include "half_cpu.hpp"
#include "matmul.hpp"
#include "reduce.hpp"

namespace dl::cpu {

void matmul_half(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, double alpha,
                 double beta) {
    Tensor c = beta == 0.0 ? Tensor(C.shape(), DType::F32) : widen(C);
    cpu::matmul(widen(A), widen(B), c, ta, tb, alpha, beta);  // float32 products and sums
    narrow(c, C);
}

void add_bias_half(Tensor& Z, const Tensor& b) {
    Tensor z = widen(Z);
    cpu::add_bias(z, widen(b));
    narrow(z, Z);
}

void activation_forward_half(Activation g, const Tensor& Z, Tensor& A, double alpha) {
    Tensor a(A.shape(), DType::F32);
    cpu::activation_forward(g, widen(Z), a, alpha);
    narrow(a, A);
}

void activation_backward_half(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ,
                              double alpha) {
    Tensor dz(dZ.shape(), DType::F32);
    cpu::activation_backward(g, widen(Z), widen(dA), dz, alpha);
    narrow(dz, dZ);
}

void row_sums_half(const Tensor& X, Tensor& out, double scale) {
    Tensor o(out.shape(), DType::F32);
    cpu::row_sums(widen(X), o, scale);  // the sum in float32
    narrow(o, out);
}

void axpby_half(double alpha, const Tensor& X, double beta, Tensor& Y) {
    Tensor y = beta == 0.0 ? Tensor(Y.shape(), DType::F32) : widen(Y);
    cpu::axpby(alpha, widen(X), beta, y);
    narrow(y, Y);
}

}  // namespace dl::cpu
