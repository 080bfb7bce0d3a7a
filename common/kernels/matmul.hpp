/// @file matmul.hpp
/// @brief Matrix product C = α·op(A)·op(B) + β·C: the contract of the course's GEMM.
///
/// Twins: matmul_cpu.cpp (Eigen) and matmul_cuda.cu (cuBLAS, plus a hand-written tiled kernel
/// dl::cuda::matmul_tiled). Test: tests/kernels/test_matmul.cpp.
///
/// op(X) is X or Xᵀ. The forward pass of a dense layer is Z = W·A (then + b), and its backward
/// pass needs both transposes: dW = (1/m)·dZ·Aᵀ and dA_prev = Wᵀ·dZ.
///
/// Shapes: op(A) is M x K, op(B) is K x N, C is M x N (C must already have that shape).
#pragma once

#include "dispatch.hpp"

namespace dl {

/// Whether an operand enters the product as it is or transposed.
enum class Trans { N, T };

namespace cpu {
void matmul(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, double alpha,
            double beta);
/// float16/bfloat16 A, B, C with float32 products and sums (half_ops_cpu.cpp).
void matmul_half(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, double alpha,
                 double beta);
}
namespace cuda {
/// cuBLAS sgemm.
void matmul(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, double alpha,
            double beta);
/// The same product by a hand-written kernel with 32 x 32 shared-memory tiles, for teaching
/// and for comparison with cuBLAS (chapters 3 and 9).
void matmul_tiled(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb,
                  double alpha, double beta);
/// float16/bfloat16 A, B, C: cublasGemmEx with float32 compute (half_ops_cuda.cu).
void matmul_half(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, double alpha,
                 double beta);
}  // namespace cuda

/// Checks the contract (shapes, one device, one type) and throws dl::Error naming the mismatch.
inline void check_matmul(const Tensor& A, const Tensor& B, const Tensor& C, Trans ta, Trans tb) {
    check_same_device("matmul", {&A, &B, &C});
    check_same_dtype("matmul", {&A, &B, &C});
    check_float_or_half_dtype("matmul", A);
    const int64_t M = ta == Trans::N ? A.rows() : A.cols();
    const int64_t K = ta == Trans::N ? A.cols() : A.rows();
    const int64_t Kb = tb == Trans::N ? B.rows() : B.cols();
    const int64_t N = tb == Trans::N ? B.cols() : B.rows();
    DL_CHECK(K == Kb, "matmul: inner dimensions differ: op(A) is [", M, " x ", K, "], op(B) is [",
             Kb, " x ", N, "] (A ", A.shape().str(), ta == Trans::T ? " transposed" : "", ", B ",
             B.shape().str(), tb == Trans::T ? " transposed" : "", ")");
    DL_CHECK(C.rows() == M && C.cols() == N, "matmul: C must be [", M, " x ", N, "], got ",
             C.shape().str());
}

/// C = α·op(A)·op(B) + β·C on the tensors' device. In float16 or bfloat16 (mixed precision) the
/// products and sums are float32 and only C is rounded to 16 bits.
inline void matmul(const Tensor& A, const Tensor& B, Tensor& C, Trans ta = Trans::N,
                   Trans tb = Trans::N, double alpha = 1.0, double beta = 0.0) {
    check_matmul(A, B, C, ta, tb);
    if (is_half(C.dtype())) return DL_DISPATCH(C.device(), matmul_half, A, B, C, ta, tb, alpha, beta);
    DL_DISPATCH(C.device(), matmul, A, B, C, ta, tb, alpha, beta);
}

}  // namespace dl
