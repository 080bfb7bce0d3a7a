/// @file rows_cuda.cu
/// @brief CUDA twin of dl::repeat_rows and dl::sum_row_groups (contract in rows.hpp).
///
/// One thread per number written; the sum over a group of R rows runs in a fixed order, so
/// the result does not change from run to run.
#include "../cuda/check.cuh"
#include "rows.hpp"

namespace dl::cuda {

namespace {

#define DL_GRID_LOOP(e, n) \
    for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < (n); e += int64_t(gridDim.x) * blockDim.x)

/// Element e = (i, j) of the dst block (i < rows·R): dst(dst_row + i, j) = src(src_row + i/R, j).
__global__ void repeat_kernel(const float* src, int64_t ns, int64_t src_row, int64_t R,
                              float* dst, int64_t nd, int64_t dst_row, int64_t block_rows,
                              int64_t m) {
    DL_GRID_LOOP(e, block_rows * m) {
        const int64_t i = e % block_rows, j = e / block_rows;
        dst[j * nd + dst_row + i] = src[j * ns + src_row + i / R];
    }
}

/// Element e = (r, j) of the dst block: the sum of src's R rows of group r.
__global__ void sum_kernel(const float* src, int64_t ns, int64_t src_row, int64_t R, float* dst,
                           int64_t nd, int64_t dst_row, int64_t rows, int64_t m) {
    DL_GRID_LOOP(e, rows * m) {
        const int64_t r = e % rows, j = e / rows;
        const float* s = src + j * ns + src_row + r * R;
        float acc = 0.0f;
        for (int64_t t = 0; t < R; ++t) acc += s[t];
        dst[j * nd + dst_row + r] = acc;
    }
}

}  // namespace

void repeat_rows(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat, Tensor& dst,
                 int64_t dst_row) {
    const int64_t n = rows * repeat * src.cols();
    if (n == 0) return;
    repeat_kernel<<<blocks_for(n), kThreads>>>(src.data<float>(), src.rows(), src_row, repeat,
                                               dst.data<float>(), dst.rows(), dst_row,
                                               rows * repeat, src.cols());
    DL_CUDA_CHECK_LAUNCH("repeat_rows");
}

void sum_row_groups(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat,
                    Tensor& dst, int64_t dst_row) {
    const int64_t n = rows * src.cols();
    if (n == 0) return;
    sum_kernel<<<blocks_for(n), kThreads>>>(src.data<float>(), src.rows(), src_row, repeat,
                                            dst.data<float>(), dst.rows(), dst_row, rows,
                                            src.cols());
    DL_CUDA_CHECK_LAUNCH("sum_row_groups");
}

}  // namespace dl::cuda
