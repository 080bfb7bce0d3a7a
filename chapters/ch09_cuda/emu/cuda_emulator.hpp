/// @file cuda_emulator.hpp
/// @brief A CPU emulator of CUDA's execution model: the chapter's kernels run, exactly as
/// written, on a machine without a GPU.
///
/// Each kernel of this chapter is written once, in plain CUDA, in a header under kernels/.
/// nvcc compiles it for the GPU (gemm_ladder_cuda.cu launches it with <<<grid, block>>>); the
/// host compiler compiles the same header after this file, which stands in for what CUDA's
/// compiler provides:
///
/// | CUDA                                   | here                                                |
/// |----------------------------------------|-----------------------------------------------------|
/// | `__global__`, `__device__`, `__host__` | nothing (ordinary functions)                        |
/// | `__shared__`                           | `static`: one copy for the block that is running    |
/// | `threadIdx`, `blockIdx`, `blockDim`, `gridDim` | the running thread's own values (thread_local) |
/// | `__syncthreads()`                      | a barrier over the threads of the block             |
/// | `__syncwarp()`                         | a barrier over the 32 threads of the warp           |
/// | `float4`, `uint4`                      | 16-byte structs, aligned as on the GPU              |
/// | `__half`, `__nv_bfloat16`              | 16-bit structs rounded by core/half.hpp (RN-even)   |
/// | `nvcuda::wmma` fragments               | whole 16x16 tiles, multiplied in float              |
/// | `__pipeline_memcpy_async`              | an immediate copy                                   |
///
/// `emu::launch(grid, block, kernel, args...)` runs the grid one block after another. Inside a
/// block every CUDA thread is a std::thread, so the threads really run at the same time and
/// meet at each barrier. Because only one block runs at a time, a static local is exactly what
/// shared memory is: visible to the threads of one block, reused by the next.
///
/// What the emulator checks: every index, bound, tile load, transposition and barrier of a
/// kernel. A wrong index gives the same wrong number here as on the GPU, so the chapter's
/// kernels are validated on a CPU-only machine too (test_ch09.cpp, and section 2 of the
/// program). What it cannot show: speed, coalescing, bank conflicts, and the warp-synchronous
/// behaviour the kernels never rely on. A WMMA operation is done by each of the warp's 32
/// threads on the whole tile (on the GPU each lane holds a piece of it); the warp-wide barrier
/// around it keeps the 32 copies in step, so loads, products and stores happen in the same
/// order as on the GPU.
///
/// Only the host compiler includes this file: under nvcc the real CUDA headers are used
/// (kernels/prelude.cuh chooses).
#pragma once

#ifdef __CUDACC__
#error "cuda_emulator.hpp stands in for CUDA under the host compiler; nvcc uses the real thing"
#endif

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <type_traits>

#include "core/half.hpp"

// --- Qualifiers --------------------------------------------------------------------------------
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static
#define __restrict__ __restrict
#define __align__(n) __attribute__((aligned(n)))

// --- Built-in types ---------------------------------------------------------------------------------
// They live in namespace emu and are named into the global namespace: the same program also
// holds CUDA's own dim3, float4, __half … (in the nvcc-compiled files), and the two must not
// share a linker name.
namespace emu {
struct uint3_t {
    unsigned x = 0, y = 0, z = 0;
};
struct dim3_t {
    unsigned x, y, z;
    constexpr dim3_t(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
struct __attribute__((aligned(16))) float4_t {
    float x, y, z, w;
};
struct __attribute__((aligned(16))) uint4_t {
    unsigned x, y, z, w;
};
/// 16-bit floating-point storage, rounded by core/half.hpp exactly as the GPU rounds.
struct half_t {
    uint16_t bits;
};
struct bfloat16_t {
    uint16_t bits;
};
}  // namespace emu

using uint3 = emu::uint3_t;
using dim3 = emu::dim3_t;
using float4 = emu::float4_t;
using uint4 = emu::uint4_t;
using __half = emu::half_t;
using __nv_bfloat16 = emu::bfloat16_t;
using half = emu::half_t;
static inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }
static inline __half __float2half(float f) { return {dl::float_to_half_bits(f)}; }
static inline float __half2float(__half h) { return dl::half_bits_to_float(h.bits); }
static inline __nv_bfloat16 __float2bfloat16(float f) { return {dl::float_to_bfloat16_bits(f)}; }
static inline float __bfloat162float(__nv_bfloat16 h) { return dl::bfloat16_bits_to_float(h.bits); }

namespace emu {

class Barrier;

/// What a CUDA thread knows about itself.
struct ThreadContext {
    uint3 thread_idx, block_idx;
    dim3 block_dim, grid_dim;
    Barrier* block = nullptr;  ///< the barrier of __syncthreads()
    Barrier* warp = nullptr;   ///< the barrier of __syncwarp() and of the WMMA operations
};

/// The running thread's context (set by launch()).
ThreadContext& context();

void sync_block();
void sync_warp();

/// Runs `body` once for every thread of every block of the grid (blocks one after another;
/// the threads of a block at the same time). Rethrows the first exception a thread threw.
void run_grid(dim3 grid, dim3 block, const std::function<void()>& body);

/// The emulated `kernel<<<grid, block>>>(args...)`.
template <class... Params, class... Args>
void launch(dim3 grid, dim3 block, void (*kernel)(Params...), Args... args) {
    run_grid(grid, block, [&] { kernel(args...); });
}

}  // namespace emu

#define threadIdx (::emu::context().thread_idx)
#define blockIdx (::emu::context().block_idx)
#define blockDim (::emu::context().block_dim)
#define gridDim (::emu::context().grid_dim)
#define __syncthreads() ::emu::sync_block()
#define __syncwarp() ::emu::sync_warp()

// --- Asynchronous copies (cuda_pipeline.h): immediate here --------------------------------------
static inline void __pipeline_memcpy_async(void* dst, const void* src, std::size_t bytes) {
    std::memcpy(dst, src, bytes);
}
static inline void __pipeline_commit() {}
static inline void __pipeline_wait_prior(std::size_t) {}

// --- WMMA (mma.h), whole tiles --------------------------------------------------------------------
namespace emu::wmma {

struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
enum layout_t { mem_row_major, mem_col_major };

inline float to_float(float v) { return v; }
inline float to_float(__half v) { return __half2float(v); }
inline float to_float(__nv_bfloat16 v) { return __bfloat162float(v); }

/// A whole tile: rows x cols elements, column by column. On the GPU each of the warp's 32 lanes
/// holds num_elements of them; elementwise loops over x[] mean the same thing either way.
template <class Use, int M, int N, int K, class T, class Layout = void>
struct fragment {
    static constexpr int rows = std::is_same<Use, matrix_b>::value ? K : M;
    static constexpr int cols = std::is_same<Use, matrix_a>::value ? K : N;
    static constexpr int num_elements = rows * cols;
    T x[num_elements];
};

template <class Use, int M, int N, int K, class T, class L>
inline void fill_fragment(fragment<Use, M, N, K, T, L>& f, T v) {
    for (auto& e : f.x) e = v;
}

/// A or B tile from memory laid out as the fragment's Layout says, leading dimension ldm.
template <class Use, int M, int N, int K, class T, class L>
inline void load_matrix_sync(fragment<Use, M, N, K, T, L>& f, const T* p, unsigned ldm) {
    using F = fragment<Use, M, N, K, T, L>;
    __syncwarp();  // every lane of the warp reads the same moment's memory
    for (int c = 0; c < F::cols; ++c)
        for (int r = 0; r < F::rows; ++r)
            f.x[r + c * F::rows] = std::is_same<L, col_major>::value ? p[r + std::size_t(c) * ldm]
                                                                     : p[std::size_t(r) * ldm + c];
    __syncwarp();
}

/// The accumulator from memory (its layout given here, as in CUDA).
template <int M, int N, int K>
inline void load_matrix_sync(fragment<accumulator, M, N, K, float>& f, const float* p,
                             unsigned ldm, layout_t layout) {
    __syncwarp();
    for (int c = 0; c < N; ++c)
        for (int r = 0; r < M; ++r)
            f.x[r + c * M] = layout == mem_col_major ? p[r + std::size_t(c) * ldm]
                                                     : p[std::size_t(r) * ldm + c];
    __syncwarp();
}

template <int M, int N, int K>
inline void store_matrix_sync(float* p, const fragment<accumulator, M, N, K, float>& f,
                              unsigned ldm, layout_t layout) {
    __syncwarp();
    for (int c = 0; c < N; ++c)
        for (int r = 0; r < M; ++r) {
            float& dst = layout == mem_col_major ? p[r + std::size_t(c) * ldm]
                                                 : p[std::size_t(r) * ldm + c];
            dst = f.x[r + c * M];
        }
    __syncwarp();
}

/// D = A·B + C on one tile, products and sums in float (the tensor core accumulates in float).
template <int M, int N, int K, class T, class LA, class LB>
inline void mma_sync(fragment<accumulator, M, N, K, float>& d,
                     const fragment<matrix_a, M, N, K, T, LA>& a,
                     const fragment<matrix_b, M, N, K, T, LB>& b,
                     const fragment<accumulator, M, N, K, float>& c) {
    float out[M * N];
    for (int j = 0; j < N; ++j)
        for (int i = 0; i < M; ++i) {
            float acc = c.x[i + j * M];
            for (int k = 0; k < K; ++k) acc += to_float(a.x[i + k * M]) * to_float(b.x[k + j * K]);
            out[i + j * M] = acc;
        }
    std::memcpy(d.x, out, sizeof out);
}

}  // namespace emu::wmma

/// The kernels say nvcuda::wmma, as under nvcc.
namespace nvcuda {
namespace wmma = ::emu::wmma;
}
