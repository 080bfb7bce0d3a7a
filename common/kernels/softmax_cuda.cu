/// @file softmax_cuda.cu
/// @brief CUDA twin of dl::softmax / softmax_cross_entropy (contract in softmax.hpp).
///
/// One thread per column (sample): K is small in the course (2 to a few hundred classes), and
/// each thread makes the same three passes as the CPU twin: max, Σ e^{z − max}, then outputs.
#include "../cuda/check.cuh"
#include "softmax.hpp"

namespace dl::cuda {

namespace {
__global__ void softmax_kernel(const float* Z, float* A, int64_t K, int64_t m) {
    for (int64_t j = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; j < m;
         j += int64_t(gridDim.x) * blockDim.x) {
        const float* z = Z + j * K;
        float* a = A + j * K;
        float mx = z[0];
        for (int64_t k = 1; k < K; ++k) mx = fmaxf(mx, z[k]);
        float s = 0.0f;
        for (int64_t k = 0; k < K; ++k) s += expf(z[k] - mx);
        const float inv = 1.0f / s;
        for (int64_t k = 0; k < K; ++k) a[k] = expf(z[k] - mx) * inv;
    }
}

__global__ void softmax_xent_kernel(const float* Z, const float* Y, float* A, float* L,
                                    float* dZ, int64_t K, int64_t m) {
    for (int64_t j = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; j < m;
         j += int64_t(gridDim.x) * blockDim.x) {
        const float* z = Z + j * K;
        const float* y = Y + j * K;
        float mx = z[0];
        for (int64_t k = 1; k < K; ++k) mx = fmaxf(mx, z[k]);
        float s = 0.0f;
        for (int64_t k = 0; k < K; ++k) s += expf(z[k] - mx);
        const float log_s = logf(s);
        float loss = 0.0f;
        for (int64_t k = 0; k < K; ++k) {
            const float log_a = (z[k] - mx) - log_s;
            const float yk = y[k];
            if (yk != 0.0f) loss -= yk * log_a;
            const float ak = expf(log_a);
            A[j * K + k] = ak;
            dZ[j * K + k] = ak - yk;
        }
        L[j] = loss;
    }
}
}  // namespace

void softmax(const Tensor& Z, Tensor& A) {
    if (Z.empty()) return;
    softmax_kernel<<<blocks_for(Z.cols()), kThreads>>>(Z.data<float>(), A.data<float>(), Z.rows(),
                                                       Z.cols());
    DL_CUDA_CHECK_LAUNCH("softmax");
}

void softmax_cross_entropy(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) {
    if (Z.empty()) return;
    softmax_xent_kernel<<<blocks_for(Z.cols()), kThreads>>>(
        Z.data<float>(), Y.data<float>(), A.data<float>(), L.data<float>(), dZ.data<float>(),
        Z.rows(), Z.cols());
    DL_CUDA_CHECK_LAUNCH("softmax_cross_entropy");
}

}  // namespace dl::cuda
