/// @file hierarchy.cuh
/// @brief The smallest kernel that shows CUDA's thread hierarchy (线程层次): a grid of blocks
/// (线程块), each a group of threads, every thread computing its own global index.
///
/// Launched as `whoami<<<grid, block>>>(…)` with a 2-D grid of 2-D blocks over an M x N matrix,
/// thread (threadIdx.x, threadIdx.y) of block (blockIdx.x, blockIdx.y) is responsible for
///
///     i = blockIdx.x · blockDim.x + threadIdx.x      (row of the matrix)
///     j = blockIdx.y · blockDim.y + threadIdx.y      (column)
///
/// and records who it is in element (i, j) of four M x N int matrices: its block (as one number,
/// blockIdx.x + gridDim.x · blockIdx.y), its thread within the block (threadIdx.x + blockDim.x ·
/// threadIdx.y), its warp (the 32 consecutive threads the GPU schedules together) and its lane
/// in that warp. The same mapping is how every GEMM rung assigns elements of C to threads.
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

//! [whoami]
__global__ void whoami(int M, int N, int* block, int* thread, int* warp, int* lane) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;  // row this thread owns
    const int j = blockIdx.y * blockDim.y + threadIdx.y;  // column
    const int t = threadIdx.x + blockDim.x * threadIdx.y;  // its number inside the block
    if (i < M && j < N) {                                  // the grid may overhang the matrix
        block[at(i, j, M)] = blockIdx.x + gridDim.x * blockIdx.y;
        thread[at(i, j, M)] = t;
        warp[at(i, j, M)] = t / 32;
        lane[at(i, j, M)] = t % 32;
    }
}
//! [whoami]

}  // namespace
}  // namespace ch09::kernels
