/// @file batch_cuda.cu
/// @brief CUDA twin of dl::gather_batch (contract in batch.hpp).
#include "../cuda/check.cuh"
#include "batch.hpp"

namespace dl::cuda {

namespace {
/// One block per sample column j; its threads convert the column's n bytes and write Y(:, j).
__global__ void gather_kernel(const uint8_t* px, const int32_t* lab, const int32_t* ord,
                              int64_t n, int64_t N, int64_t K, float scale, float* X, float* Y) {
    const int64_t j = blockIdx.x;
    const int64_t s = ord[j];
    const bool ok = s >= 0 && s < N;
    const int label = ok ? lab[s] : -1;
    for (int64_t i = threadIdx.x; i < n; i += blockDim.x)
        X[j * n + i] = ok ? scale * static_cast<float>(px[s * n + i]) : 0.0f;
    for (int64_t k = threadIdx.x; k < K; k += blockDim.x) Y[j * K + k] = (k == label) ? 1.0f : 0.0f;
}
}  // namespace

void gather_batch(const DeviceArray<uint8_t>& pixels, const DeviceArray<int32_t>& labels,
                  const DeviceArray<int32_t>& order, int64_t offset, float scale, Tensor& X,
                  Tensor& Y) {
    const int64_t m = X.cols();
    if (m == 0) return;
    gather_kernel<<<static_cast<unsigned>(m), kThreads>>>(
        pixels.data(), labels.data(), order.data() + offset, X.rows(), labels.size(), Y.rows(),
        scale, X.data<float>(), Y.data<float>());
    DL_CUDA_CHECK_LAUNCH("gather_batch");
}

}  // namespace dl::cuda
