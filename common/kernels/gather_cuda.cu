/// @file gather_cuda.cu
/// @brief CUDA twin of dl::gather_columns (contract in gather.hpp).
#include "../cuda/check.cuh"
#include "gather.hpp"

namespace dl::cuda {

namespace {
/// One block per output column j; its threads copy the n floats of src(:, order[j]).
__global__ void gather_columns_kernel(const float* src, const int32_t* ord, int64_t n, int64_t N,
                                      float* out) {
    const int64_t j = blockIdx.x;
    const int64_t s = ord[j];
    const bool ok = s >= 0 && s < N;
    for (int64_t i = threadIdx.x; i < n; i += blockDim.x) out[j * n + i] = ok ? src[s * n + i] : 0.0f;
}
}  // namespace

void gather_columns(const Tensor& src, const DeviceArray<int32_t>& order, int64_t offset,
                    Tensor& out) {
    const int64_t m = out.cols();
    if (m == 0 || out.rows() == 0) return;
    DL_CHECK(m <= 2147483647LL, "cuda::gather_columns: ", m, " columns exceed the grid");
    gather_columns_kernel<<<static_cast<unsigned>(m), kThreads>>>(
        src.data<float>(), order.data() + offset, src.rows(), src.cols(), out.data<float>());
    DL_CUDA_CHECK_LAUNCH("gather_columns");
}

}  // namespace dl::cuda
