/// @file embedding_cuda.cu
/// @brief CUDA twin of dl::embedding_forward / embedding_backward (contract in embedding.hpp).
///
/// One thread per element of the D x N output: neighbouring threads copy neighbouring rows of
/// one column (coalesced). The backward pass adds with atomicAdd, because two columns with the
/// same id write the same column of dE.
#include "../cuda/check.cuh"
#include "embedding.hpp"

namespace dl::cuda {

namespace {

/// The id as an index, or −1 when it is not a whole number in [0, V).
__device__ int64_t id_of(float v, int64_t V) {
    if (!(v >= 0.0f) || !(v < float(V))) return -1;
    const int64_t id = static_cast<int64_t>(v);
    return float(id) == v ? id : -1;
}

__global__ void embedding_forward_kernel(const float* E, const float* ids, float* out,
                                         int64_t D, int64_t V, int64_t n) {
    for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < n;
         k += int64_t(gridDim.x) * blockDim.x) {
        const int64_t j = k / D, d = k - j * D;
        const int64_t id = id_of(ids[j], V);
        out[k] = id >= 0 ? E[id * D + d] : 0.0f;
    }
}

__global__ void embedding_backward_kernel(const float* ids, const float* dout, float* dE,
                                          int64_t D, int64_t V, int64_t n) {
    for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < n;
         k += int64_t(gridDim.x) * blockDim.x) {
        const int64_t j = k / D, d = k - j * D;
        const int64_t id = id_of(ids[j], V);
        if (id >= 0) atomicAdd(dE + id * D + d, dout[k]);
    }
}

}  // namespace

void embedding_forward(const Tensor& E, const Tensor& ids, Tensor& out) {
    const int64_t n = out.numel();
    if (n == 0) return;
    embedding_forward_kernel<<<blocks_for(n), kThreads>>>(E.data<float>(), ids.data<float>(),
                                                          out.data<float>(), E.rows(), E.cols(),
                                                          n);
    DL_CUDA_CHECK_LAUNCH("embedding_forward");
}

void embedding_backward(const Tensor& ids, const Tensor& dout, Tensor& dE) {
    const int64_t n = dout.numel();
    if (n == 0) return;
    embedding_backward_kernel<<<blocks_for(n), kThreads>>>(ids.data<float>(), dout.data<float>(),
                                                           dE.data<float>(), dE.rows(),
                                                           dE.cols(), n);
    DL_CUDA_CHECK_LAUNCH("embedding_backward");
}

}  // namespace dl::cuda
