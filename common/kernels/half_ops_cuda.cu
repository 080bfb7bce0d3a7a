/// @file half_ops_cuda.cu
/// @brief CUDA twins of the float16/bfloat16 kernels (mixed precision, chapter 9): matmul on
/// the tensor cores through cuBLAS, and add_bias, the activations, row_sums and axpby loading
/// 16-bit values, computing in float32 and rounding the result once.
#include <algorithm>
#include <climits>

#include "../cuda/check.cuh"
#include "activation_apply.hpp"
#include "axpby.hpp"
#include "bias.hpp"
#include "half_cuda.cuh"
#include "matmul.hpp"
#include "reduce.hpp"

namespace dl::cuda {

namespace {

cudaDataType cuda_type(DType t) { return t == DType::BF16 ? CUDA_R_16BF : CUDA_R_16F; }

template <class T>
__global__ void add_bias_kernel(T* Z, const T* b, int64_t n, int64_t total) {
    for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < total;
         e += int64_t(gridDim.x) * blockDim.x)
        Z[e] = from_float<T>(to_float(Z[e]) + to_float(b[e % n]));
}

template <class T>
__global__ void forward_kernel(Activation g, const T* Z, T* A, int64_t n, float alpha) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x)
        A[i] = from_float<T>(math::activate(g, to_float(Z[i]), alpha));
}

template <class T>
__global__ void backward_kernel(Activation g, const T* Z, const T* dA, T* dZ, int64_t n,
                                float alpha) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x)
        dZ[i] = from_float<T>(to_float(dA[i]) * math::activate_grad(g, to_float(Z[i]), alpha));
}

/// One block per row: its threads stride along the row, sum in float32, then a shared-memory
/// tree reduces the block's partial sums (X is n x m column-major: row i is X[i + j·n]).
template <class T>
__global__ void row_sums_kernel(const T* X, T* out, int64_t n, int64_t m, float scale) {
    __shared__ float part[256];
    for (int64_t i = blockIdx.x; i < n; i += gridDim.x) {
        float s = 0.0f;
        for (int64_t j = threadIdx.x; j < m; j += blockDim.x) s += to_float(X[i + j * n]);
        part[threadIdx.x] = s;
        __syncthreads();
        for (int w = blockDim.x / 2; w > 0; w /= 2) {
            if (int(threadIdx.x) < w) part[threadIdx.x] += part[threadIdx.x + w];
            __syncthreads();
        }
        if (threadIdx.x == 0) out[i] = from_float<T>(scale * part[0]);
        __syncthreads();
    }
}

template <class T>
__global__ void axpby_kernel(float alpha, const T* X, float beta, T* Y, int64_t n) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        const float x = alpha == 0.0f ? 0.0f : alpha * to_float(X[i]);  // α = 0 ignores X
        const float y = beta == 0.0f ? 0.0f : beta * to_float(Y[i]);    // β = 0 ignores Y
        Y[i] = from_float<T>(x + y);
    }
}

}  // namespace

void matmul_half(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, double alpha_d,
                 double beta_d) {
    const float alpha = static_cast<float>(alpha_d), beta = static_cast<float>(beta_d);
    const int64_t M = C.rows(), N = C.cols(), K = ta == Trans::N ? A.cols() : A.rows();
    DL_CHECK(M <= INT_MAX && N <= INT_MAX && K <= INT_MAX && A.rows() <= INT_MAX &&
                 B.rows() <= INT_MAX,
             "cuda::matmul_half: sizes beyond the int sizes cuBLAS takes (C is ", describe(C), ")");
    if (M == 0 || N == 0) return;
    if (K == 0) {  // C = β·C: one axpby pass (β = 0: zeros, even over NaN)
        axpby_half(0.0, C, beta_d, C);
        return;
    }
    const cudaDataType t = cuda_type(C.dtype());
    DL_CUBLAS_CHECK(gemm_ex(ta == Trans::N ? CUBLAS_OP_N : CUBLAS_OP_T,
                            tb == Trans::N ? CUBLAS_OP_N : CUBLAS_OP_T, int(M), int(N), int(K),
                            &alpha, A.raw(), t, int(std::max<int64_t>(1, A.rows())), B.raw(), t,
                            int(std::max<int64_t>(1, B.rows())), &beta, C.raw(), t, int(M)));
}

void add_bias_half(Tensor& Z, const Tensor& b) {
    if (Z.empty()) return;
    with_type(Z.dtype(), [&](auto v) {
        using T = decltype(v);
        add_bias_kernel<T><<<blocks_for(Z.numel()), kThreads>>>(
            static_cast<T*>(Z.raw()), static_cast<const T*>(b.raw()), Z.rows(), Z.numel());
    });
    DL_CUDA_CHECK_LAUNCH("add_bias_half");
}

void activation_forward_half(Activation g, const Tensor& Z, Tensor& A, double alpha) {
    if (Z.empty()) return;
    with_type(Z.dtype(), [&](auto v) {
        using T = decltype(v);
        forward_kernel<T><<<blocks_for(Z.numel()), kThreads>>>(
            g, static_cast<const T*>(Z.raw()), static_cast<T*>(A.raw()), Z.numel(), float(alpha));
    });
    DL_CUDA_CHECK_LAUNCH("activation_forward_half");
}

void activation_backward_half(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ,
                              double alpha) {
    if (Z.empty()) return;
    with_type(Z.dtype(), [&](auto v) {
        using T = decltype(v);
        backward_kernel<T><<<blocks_for(Z.numel()), kThreads>>>(
            g, static_cast<const T*>(Z.raw()), static_cast<const T*>(dA.raw()),
            static_cast<T*>(dZ.raw()), Z.numel(), float(alpha));
    });
    DL_CUDA_CHECK_LAUNCH("activation_backward_half");
}

void row_sums_half(const Tensor& X, Tensor& out, double scale) {
    if (out.empty()) return;
    with_type(X.dtype(), [&](auto v) {
        using T = decltype(v);
        const unsigned blocks = static_cast<unsigned>(std::min<int64_t>(out.numel(), 65535));
        row_sums_kernel<T><<<blocks, 256>>>(static_cast<const T*>(X.raw()), static_cast<T*>(out.raw()),
                                            X.rows(), X.cols(), float(scale));
    });
    DL_CUDA_CHECK_LAUNCH("row_sums_half");
}

void axpby_half(double alpha, const Tensor& X, double beta, Tensor& Y) {
    if (Y.empty()) return;
    with_type(Y.dtype(), [&](auto v) {
        using T = decltype(v);
        axpby_kernel<T><<<blocks_for(Y.numel()), kThreads>>>(
            float(alpha), static_cast<const T*>(X.raw()), float(beta), static_cast<T*>(Y.raw()),
            Y.numel());
    });
    DL_CUDA_CHECK_LAUNCH("axpby_half");
}

}  // namespace dl::cuda
