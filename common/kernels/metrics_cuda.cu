/// @file metrics_cuda.cu
/// @brief CUDA twin of dl::accumulate_metrics (contract in metrics.hpp).
#include "../cuda/check.cuh"
#include "metrics.hpp"

namespace dl::cuda {

namespace {
/// One block: each thread takes columns j, j + blockDim, …; a shared-memory tree adds them up.
__global__ void metrics_kernel(const float* A, const float* Y, const float* L, int64_t K,
                               int64_t m, float* acc, float step) {
    __shared__ float s_loss[kThreads];
    __shared__ float s_correct[kThreads];
    float loss = 0.0f, correct = 0.0f;
    for (int64_t j = threadIdx.x; j < m; j += blockDim.x) {
        loss += L[j];
        if (K == 1) {  // one output (a probability, BCE): right when both sit on one side of 0.5
            correct += (A[j] >= 0.5f) == (Y[j] >= 0.5f) ? 1.0f : 0.0f;
            continue;
        }
        int64_t pa = 0, py = 0;
        for (int64_t k = 1; k < K; ++k) {
            if (A[j * K + k] > A[j * K + pa]) pa = k;
            if (Y[j * K + k] > Y[j * K + py]) py = k;
        }
        correct += pa == py ? 1.0f : 0.0f;
    }
    s_loss[threadIdx.x] = loss;
    s_correct[threadIdx.x] = correct;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) {
            s_loss[threadIdx.x] += s_loss[threadIdx.x + half];
            s_correct[threadIdx.x] += s_correct[threadIdx.x + half];
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        acc[0] += s_loss[0];
        acc[1] += s_correct[0];
        if (!isfinite(s_loss[0]) && acc[2] == 0.0f) acc[2] = step;
    }
}
}  // namespace

void accumulate_metrics(const Tensor& A, const Tensor& Y, const Tensor& L, Tensor& acc,
                        float step) {
    metrics_kernel<<<1, kThreads>>>(A.data<float>(), Y.data<float>(), L.data<float>(), A.rows(),
                                    A.cols(), acc.data<float>(), step);
    DL_CUDA_CHECK_LAUNCH("accumulate_metrics");
}

}  // namespace dl::cuda
