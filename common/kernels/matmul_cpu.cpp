/// @file matmul_cpu.cpp
/// @brief CPU twin of dl::matmul (contract in matmul.hpp): Eigen's blocked GEMM.
#include "../core/eigen_view.hpp"
#include "matmul.hpp"

namespace dl::cpu {

namespace {
template <class T>
void gemm(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, T alpha, T beta) {
    auto a = mat<T>(A);
    auto b = mat<T>(B);
    auto c = mat<T>(C);
    if (beta == T(0))
        c.setZero();  // β = 0 means C's old contents are ignored, even NaN
    else if (beta != T(1))
        c *= beta;
    // noalias(): C is not one of the operands, so Eigen writes into it directly.
    if (ta == Trans::N && tb == Trans::N) c.noalias() += alpha * a * b;
    if (ta == Trans::N && tb == Trans::T) c.noalias() += alpha * a * b.transpose();
    if (ta == Trans::T && tb == Trans::N) c.noalias() += alpha * a.transpose() * b;
    if (ta == Trans::T && tb == Trans::T) c.noalias() += alpha * a.transpose() * b.transpose();
}
}  // namespace

void matmul(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, double alpha,
            double beta) {
    if (C.dtype() == DType::F64)
        gemm<double>(A, B, C, ta, tb, alpha, beta);
    else
        gemm<float>(A, B, C, ta, tb, alpha, beta);
}

}  // namespace dl::cpu
