/// @file matmul_cpu.cpp
/// @brief CPU twin of dl::matmul (contract in matmul.hpp): Eigen's blocked GEMM, one block of C
/// per thread.
///
/// Eigen parallelizes a product itself, in a way made for large square matrices. On the
/// chapters' shapes, where one side is a mini-batch of 64, two threads ran slower than one
/// (measured, float32: Z1 = W1·X, 256x784x64, 75 GFLOP/s on 2 threads against 87 on 1). So the
/// threads are used here instead: C is cut into one block per thread and each block is an
/// independent single-threaded Eigen product (inside a parallel region Eigen does not start
/// threads of its own). The cut is across the rows of C when op(A) is the larger operand — each
/// thread packs its own rows of A and shares the reading of B — and across the columns
/// otherwise. Measured on chapter 4's products with 2 threads: 140-172 GFLOP/s. A product of
/// fewer than 2 MFLOP per thread stays on one thread.
#include <omp.h>

#include <algorithm>

#include "../core/eigen_view.hpp"
#include "matmul.hpp"

namespace dl::cpu {

namespace {
/// C(rows, cols) = α·op(A)·op(B) + β·C on the block of C given by the row range [r0, r1) and
/// the column range [c0, c1), single-threaded.
template <class T>
void gemm_block(const MatMap<T>& a, const MatMap<T>& b, MatMap<T>& c, Trans ta, Trans tb,
                T alpha, T beta, Eigen::Index r0, Eigen::Index r1, Eigen::Index c0,
                Eigen::Index c1) {
    const Eigen::Index nr = r1 - r0, nc = c1 - c0;
    if (nr <= 0 || nc <= 0) return;
    auto cb = c.block(r0, c0, nr, nc);
    if (beta == T(0))
        cb.setZero();  // β = 0 means C's old contents are ignored, even NaN
    else if (beta != T(1))
        cb *= beta;
    // The rows of op(A) and the columns of op(B) this block needs. noalias(): C is not one of
    // the operands, so Eigen writes into it directly.
    if (ta == Trans::N && tb == Trans::N)
        cb.noalias() += alpha * a.middleRows(r0, nr) * b.middleCols(c0, nc);
    if (ta == Trans::N && tb == Trans::T)
        cb.noalias() += alpha * a.middleRows(r0, nr) * b.middleRows(c0, nc).transpose();
    if (ta == Trans::T && tb == Trans::N)
        cb.noalias() += alpha * a.middleCols(r0, nr).transpose() * b.middleCols(c0, nc);
    if (ta == Trans::T && tb == Trans::T)
        cb.noalias() +=
            alpha * a.middleCols(r0, nr).transpose() * b.middleRows(c0, nc).transpose();
}

template <class T>
void gemm(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, T alpha, T beta) {
    auto a = mat<T>(A);
    auto b = mat<T>(B);
    auto c = mat<T>(C);
    const Eigen::Index M = c.rows(), N = c.cols();
    const Eigen::Index K = ta == Trans::N ? a.cols() : a.rows();
    const double flops = 2.0 * double(M) * double(N) * double(K);
    // Rows of a block: a multiple of one SIMD register of T (16 floats with AVX-512).
    constexpr Eigen::Index kRowStep = 64 / sizeof(T);
    const bool by_rows = double(M) * double(K) >= double(K) * double(N) && M >= 2 * kRowStep;
    const Eigen::Index split = by_rows ? M / kRowStep : N;
    const int threads = static_cast<int>(std::min<double>(
        {double(omp_get_max_threads()), flops / double(int64_t{1} << 21), double(split)}));
    if (threads <= 1 || omp_in_parallel()) {
        gemm_block<T>(a, b, c, ta, tb, alpha, beta, 0, M, 0, N);
        return;
    }
#pragma omp parallel num_threads(threads)
    {
        const int nt = omp_get_num_threads(), t = omp_get_thread_num();
        if (by_rows) {
            const Eigen::Index steps = M / kRowStep;  // the last block also takes M mod kRowStep
            const Eigen::Index r0 = steps * t / nt * kRowStep;
            const Eigen::Index r1 = t == nt - 1 ? M : steps * (t + 1) / nt * kRowStep;
            gemm_block<T>(a, b, c, ta, tb, alpha, beta, r0, r1, 0, N);
        } else {
            gemm_block<T>(a, b, c, ta, tb, alpha, beta, 0, M, N * t / nt, N * (t + 1) / nt);
        }
    }
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
