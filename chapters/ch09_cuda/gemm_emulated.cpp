/// @file gemm_emulated.cpp
/// @brief The chapter's CUDA kernels run by the CPU emulator (emu/cuda_emulator.hpp): the same
/// source files the GPU runs, compiled here by the host compiler.
#include <limits>

#include "emu/cuda_emulator.hpp"
// The kernels, exactly as nvcc compiles them in gemm_ladder_cuda.cu.
#include "kernels/gemm_01_naive.cuh"
#include "kernels/gemm_02_coalesced.cuh"
#include "kernels/gemm_03_shared_tiles.cuh"
#include "kernels/gemm_04_blocking_1d.cuh"
#include "kernels/gemm_05_blocking_2d.cuh"
#include "kernels/gemm_06_vectorized.cuh"
#include "kernels/gemm_07_warp_tiling.cuh"
#include "kernels/gemm_08_wmma.cuh"
#include "kernels/hierarchy.cuh"
#include "kernels/tensor_core_tile.cuh"

#include "core/error.hpp"
#include "gemm_ladder.hpp"
#include "ladder_backends.hpp"

namespace ch09 {

namespace k = kernels;

namespace {
template <class G, class Kernel>
void launch_fp32(Kernel kernel, const GemmProblem& p, std::vector<float>& C) {
    emu::launch(G::grid(p.M, p.N), G::block(), kernel, p.M, p.N, p.K, 1.0f, p.A.data(), p.B.data(),
                0.0f, C.data());
}

template <class T>
void launch_wmma(const GemmProblem& p, const std::vector<uint16_t>& A16,
                 const std::vector<uint16_t>& B16, std::vector<float>& D) {
    static_assert(sizeof(T) == 2, "16-bit inputs");
    const T* A = reinterpret_cast<const T*>(A16.data());
    const T* B = reinterpret_cast<const T*>(B16.data());
    emu::launch(k::WmmaGemm::grid(p.M, p.N), k::WmmaGemm::block(), &k::gemm_wmma<T>, p.M, p.N, p.K,
                A, B, p.C0.data(), D.data());
}
}  // namespace

std::vector<float> emulate_rung(Rung r, const GemmProblem& p) {
    DL_CHECK(info(r).number > 0, "emulate_rung: ", info(r).name,
             " is a cuBLAS reference; only the course's own kernels can be emulated");
    DL_CHECK(fits(r, p.M, p.N, p.K), "emulate_rung: rung ", info(r).name, " needs ",
             requirement(r), ", got ", p.M, " x ", p.N, " x ", p.K);
    std::vector<float> C(std::size_t(p.M) * p.N, std::numeric_limits<float>::quiet_NaN());
    switch (r) {
        case Rung::Naive: launch_fp32<k::NaiveGemm>(&k::gemm_naive, p, C); break;
        case Rung::Coalesced: launch_fp32<k::CoalescedGemm>(&k::gemm_coalesced, p, C); break;
        case Rung::SharedTiles: launch_fp32<k::SharedTilesGemm>(&k::gemm_shared_tiles, p, C); break;
        case Rung::Blocking1d: launch_fp32<k::Blocking1dGemm>(&k::gemm_blocking_1d, p, C); break;
        case Rung::Blocking2d: launch_fp32<k::Blocking2dGemm>(&k::gemm_blocking_2d, p, C); break;
        case Rung::Vectorized: launch_fp32<k::VectorizedGemm>(&k::gemm_vectorized, p, C); break;
        case Rung::WarpTiling: launch_fp32<k::WarpTilingGemm>(&k::gemm_warp_tiling, p, C); break;
        case Rung::WmmaF16: launch_wmma<__half>(p, p.A16, p.B16, C); break;
        case Rung::WmmaBF16: launch_wmma<__nv_bfloat16>(p, p.Abf, p.Bbf, C); break;
        default: dl::fail("emulate_rung: no kernel for ", info(r).name);
    }
    return C;
}

namespace backend {

void emulate_tile(bool bf16, const std::vector<uint16_t>& A, const std::vector<uint16_t>& B,
                  const std::vector<float>& C, std::vector<float>& D) {
    D.assign(256, std::numeric_limits<float>::quiet_NaN());
    if (bf16)
        emu::launch(dim3(1), dim3(32), &k::tensor_core_tile<__nv_bfloat16>,
                    reinterpret_cast<const __nv_bfloat16*>(A.data()),
                    reinterpret_cast<const __nv_bfloat16*>(B.data()), C.data(), D.data());
    else
        emu::launch(dim3(1), dim3(32), &k::tensor_core_tile<__half>,
                    reinterpret_cast<const __half*>(A.data()), reinterpret_cast<const __half*>(B.data()),
                    C.data(), D.data());
}

void emulate_hierarchy(Hierarchy& h) {
    const std::size_t n = std::size_t(h.M) * h.N;
    h.block.assign(n, -1), h.thread.assign(n, -1), h.warp.assign(n, -1), h.lane.assign(n, -1);
    h.grid_x = (h.M + h.block_x - 1) / h.block_x;
    h.grid_y = (h.N + h.block_y - 1) / h.block_y;
    emu::launch(dim3(h.grid_x, h.grid_y), dim3(h.block_x, h.block_y), &k::whoami, h.M, h.N,
                h.block.data(), h.thread.data(), h.warp.data(), h.lane.data());
}

}  // namespace backend

}  // namespace ch09
