/// @file reduce_cuda.cu
/// @brief CUDA twin of dl::row_sums / col_sums (contract in reduce.hpp).
///
/// Both are parallel reductions that keep every SM busy whatever the shape: a 4096 x 64 matrix
/// (many rows, few columns), a 1 x 1,000,000 row, a 1,000,000 x 1 column and a 10 x 1,000,000
/// batch all split into enough independent pieces. A piece's threads add their share in a
/// running sum, the block (or warp) combines its threads' sums as a tree, and when one shape
/// leaves too few pieces per output, the pieces' partial sums go to a per-call scratch buffer
/// and are added by the same kernel again. No atomics: the same input always gives the same bits.
///
/// Accuracy: each output is a sum of at most (terms per thread) + log2(threads) + (the same for
/// the second pass) rounded additions in a row, instead of one running sum over the whole row;
/// tests/kernels/test_reduce.cpp bounds the error by γ_m · Σ|x| for any order.
#include <algorithm>

#include "../cuda/check.cuh"
#include "../cuda/scratch.cuh"
#include "reduce.hpp"

namespace dl::cuda {

namespace {

/// Blocks of kThreads threads that fill the GPU (8 per SM: 2048 resident threads).
int64_t target_blocks() {
    static const int64_t blocks = [] {
        int dev = 0, sms = 0;
        DL_CUDA_CHECK(cudaGetDevice(&dev));
        DL_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
        return int64_t{8} * std::max(sms, 1);
    }();
    return blocks;
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Row sums of a chunk of columns. A block is R x (kThreads / R) threads: threadIdx.x picks one
/// of R neighbouring rows (so a warp reads consecutive addresses of a column: coalesced) and
/// threadIdx.y one of the column lanes, which stride through the block's chunk of columns
/// [j0, j1). The lanes' sums are then added as a tree in shared memory.
///   out(i, blockIdx.y) = scale · Σ_{j in chunk blockIdx.y} X(i, j); out is n x gridDim.y.
__global__ void row_sums_kernel(const float* X, float* out, int64_t n, int64_t m, int64_t chunk,
                                float scale) {
    __shared__ float part[kThreads];
    const int R = blockDim.x, lanes = blockDim.y;
    const int64_t i = int64_t(blockIdx.x) * R + threadIdx.x;
    const int64_t j0 = int64_t(blockIdx.y) * chunk, j1 = min(m, j0 + chunk);
    float acc = 0.0f;
    if (i < n)
        for (int64_t j = j0 + threadIdx.y; j < j1; j += lanes) acc += X[j * n + i];
    const int t = threadIdx.y * R + threadIdx.x;
    part[t] = acc;
    __syncthreads();
    for (int s = lanes / 2; s > 0; s >>= 1) {
        if (threadIdx.y < s) part[t] += part[t + s * R];
        __syncthreads();
    }
    if (threadIdx.y == 0 && i < n) out[int64_t(blockIdx.y) * n + i] = scale * part[threadIdx.x];
}

/// out (n x 1) = scale · Σ_j X(:, j), X n x m (n >= 1).
void row_sums_into(const float* X, float* out, int64_t n, int64_t m, float scale) {
    int R = 1;  // rows per block: the smallest power of two >= n, at most a warp
    while (R < n && R < 32) R <<= 1;
    const int lanes = kThreads / R;
    const int64_t row_tiles = ceil_div(n, R);
    // Chunks of columns: enough blocks to fill the GPU, each lane adding at least 8 columns.
    int64_t parts = std::min(ceil_div(target_blocks(), row_tiles), ceil_div(m, 8 * lanes));
    parts = std::clamp<int64_t>(parts, 1, 65535);
    const int64_t chunk = parts == 1 ? m : ceil_div(m, parts);
    if (parts > 1) parts = ceil_div(m, chunk);
    const dim3 block(R, lanes);
    if (parts == 1) {
        row_sums_kernel<<<dim3(unsigned(row_tiles), 1), block>>>(X, out, n, m, chunk, scale);
        DL_CUDA_CHECK_LAUNCH("row_sums");
        return;
    }
    Scratch<float> partial(n * parts);  // n x parts: the chunks' sums, then their row sums
    row_sums_kernel<<<dim3(unsigned(row_tiles), unsigned(parts)), block>>>(X, partial.get(), n,
                                                                          m, chunk, 1.0f);
    DL_CUDA_CHECK_LAUNCH("row_sums");
    row_sums_into(partial.get(), out, n, parts, scale);
}

/// Column sums of chunks of rows: one warp per (column j, chunk p). Its 32 lanes read
/// consecutive elements of the (contiguous) column, each keeps a running sum, and the warp adds
/// the 32 sums by a shuffle tree.
///   out(p, j) = scale · Σ_{i in chunk p} X(i, j); out is parts x m.
__global__ void col_sums_kernel(const float* X, float* out, int64_t n, int64_t m, int64_t chunk,
                                int64_t parts, float scale) {
    const int lane = threadIdx.x & 31;
    const int64_t warps = int64_t(gridDim.x) * (blockDim.x / 32);
    // w is the same for the 32 lanes of a warp, so the whole warp takes each iteration.
    for (int64_t w = (int64_t(blockIdx.x) * blockDim.x + threadIdx.x) / 32; w < m * parts;
         w += warps) {
        const int64_t j = w / parts, p = w % parts;
        const int64_t i0 = p * chunk, i1 = min(n, i0 + chunk);
        const float* col = X + j * n;
        float acc = 0.0f;
        for (int64_t i = i0 + lane; i < i1; i += 32) acc += col[i];
        for (int offset = 16; offset > 0; offset >>= 1)
            acc += __shfl_down_sync(0xffffffffu, acc, offset);
        if (lane == 0) out[j * parts + p] = scale * acc;
    }
}

/// out (1 x m) = scale · Σ_i X(i, :), X n x m (m >= 1).
void col_sums_into(const float* X, float* out, int64_t n, int64_t m, float scale) {
    constexpr int warps_per_block = kThreads / 32;
    // Chunks of rows: enough warps to fill the GPU, each lane adding at least 8 elements.
    int64_t parts = std::min(ceil_div(target_blocks() * warps_per_block, m), ceil_div(n, 32 * 8));
    parts = std::max<int64_t>(parts, 1);
    const int64_t chunk = parts == 1 ? n : ceil_div(n, parts);
    if (parts > 1) parts = ceil_div(n, chunk);
    const unsigned blocks =
        unsigned(std::clamp<int64_t>(ceil_div(m * parts, warps_per_block), 1, int64_t{1} << 20));
    if (parts == 1) {
        col_sums_kernel<<<blocks, kThreads>>>(X, out, n, m, chunk, 1, scale);
        DL_CUDA_CHECK_LAUNCH("col_sums");
        return;
    }
    Scratch<float> partial(parts * m);  // parts x m: the chunks' sums, then their column sums
    col_sums_kernel<<<blocks, kThreads>>>(X, partial.get(), n, m, chunk, parts, 1.0f);
    DL_CUDA_CHECK_LAUNCH("col_sums");
    col_sums_into(partial.get(), out, parts, m, scale);
}

}  // namespace

void row_sums(const Tensor& X, Tensor& out, double scale) {
    if (out.empty()) return;
    row_sums_into(X.empty() ? nullptr : X.data<float>(), out.data<float>(), X.rows(), X.cols(),
                  static_cast<float>(scale));
}

void col_sums(const Tensor& X, Tensor& out, double scale) {
    if (out.empty()) return;
    col_sums_into(X.empty() ? nullptr : X.data<float>(), out.data<float>(), X.rows(), X.cols(),
                  static_cast<float>(scale));
}

}  // namespace dl::cuda
