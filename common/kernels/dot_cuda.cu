/// @file dot_cuda.cu
/// @brief CUDA twin of dl::dot / sum_all (contract in dot.hpp).
///
/// Two launches. The first: up to kBlocks blocks stride over the n elements, each thread
/// keeping a running sum; each block halves its threads' sums in shared memory (a tree) and
/// writes one partial sum. The second: one block adds the partial sums the same way. The
/// partial sums live in a scratch buffer of this call (common/cuda/scratch.cuh), so two calls
/// running at once never share it, and there are no atomics, so the same input always gives
/// the same bits.
///
/// Accuracy: an element passes through at most ⌈n / (kBlocks·kThreads)⌉ additions in its
/// thread, log2(kThreads) in its block's tree and log2(kThreads) in the final tree
/// (tests/kernels/test_dot.cpp bounds the error with that depth).
#include <algorithm>

#include "../cuda/check.cuh"
#include "../cuda/scratch.cuh"
#include "dot.hpp"

namespace dl::cuda {

namespace {
constexpr int kBlocks = 256;
static_assert(kBlocks <= kThreads, "the final tree adds at most one partial sum per thread");

/// Tree reduction of one value per thread; every thread gets the block's sum
/// (blockDim.x == kThreads, a power of two).
__device__ float block_sum(float v) {
    __shared__ float s[kThreads];
    s[threadIdx.x] = v;
    __syncthreads();
    for (int k = blockDim.x / 2; k > 0; k >>= 1) {
        if (threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];
        __syncthreads();
    }
    return s[0];
}

/// partial[blockIdx.x] = Σ over the block's grid-stride share of a (or of a ⊙ b).
/// b == nullptr: plain sum of a.
__global__ void partial_kernel(const float* a, const float* b, int64_t n, float* partial) {
    float acc = 0.0f;
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x)
        acc += b ? a[i] * b[i] : a[i];
    const float total = block_sum(acc);
    if (threadIdx.x == 0) partial[blockIdx.x] = total;
}

/// out[0] = Σ partial[0 … parts).
__global__ void final_kernel(const float* partial, int parts, float* out) {
    const float v = threadIdx.x < parts ? partial[threadIdx.x] : 0.0f;
    const float total = block_sum(v);
    if (threadIdx.x == 0) out[0] = total;
}

void reduce(const float* a, const float* b, int64_t n, float* out, const char* name) {
    const int blocks = static_cast<int>(
        std::min<int64_t>(kBlocks, std::max<int64_t>(1, (n + kThreads - 1) / kThreads)));
    Scratch<float> partial(blocks);
    partial_kernel<<<blocks, kThreads>>>(a, b, n, partial.get());
    DL_CUDA_CHECK_LAUNCH(name);
    final_kernel<<<1, kThreads>>>(partial.get(), blocks, out);
    DL_CUDA_CHECK_LAUNCH(name);
}
}  // namespace

void dot(const Tensor& a, const Tensor& b, Tensor& out) {
    reduce(a.empty() ? nullptr : a.data<float>(), a.empty() ? nullptr : b.data<float>(),
           a.numel(), out.data<float>(), "dot");
}

void sum_all(const Tensor& X, Tensor& out) {
    reduce(X.empty() ? nullptr : X.data<float>(), nullptr, X.numel(), out.data<float>(),
           "sum_all");
}

}  // namespace dl::cuda
