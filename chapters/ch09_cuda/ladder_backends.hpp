/// @file ladder_backends.hpp
/// @brief What gemm_ladder.cpp asks of the two places a kernel can run: the GPU
/// (gemm_ladder_cuda.cu, CUDA builds only) and the CPU emulator (gemm_emulated.cpp).
#pragma once

#include <cstdint>
#include <vector>

namespace ch09::backend {

/// D = A·B + C on one 16 x 16 x 16 tile; A and B are fp16 (or bf16) bit patterns.
void emulate_tile(bool bf16, const std::vector<uint16_t>& A, const std::vector<uint16_t>& B,
                  const std::vector<float>& C, std::vector<float>& D);
void gpu_tile(bool bf16, const std::vector<uint16_t>& A, const std::vector<uint16_t>& B,
              const std::vector<float>& C, std::vector<float>& D);

/// The whoami kernel (kernels/hierarchy.cuh) on an M x N matrix with the given block shape:
/// fills block, thread, warp and lane (M x N, column-major).
struct Hierarchy {
    int M = 0, N = 0, block_x = 0, block_y = 0, grid_x = 0, grid_y = 0;
    std::vector<int> block, thread, warp, lane;
};
void emulate_hierarchy(Hierarchy& h);
void gpu_hierarchy(Hierarchy& h);

}  // namespace ch09::backend
