/// @file gemm_ladder.hpp
/// @brief The GEMM ladder: one matrix product, C = A·B, written eight times from naive to
/// tensor cores, each rung checked against a double-precision reference before it is timed.
///
/// | rung | kernel (kernels/…)            | what it adds                                     |
/// |------|-------------------------------|--------------------------------------------------|
/// | 1    | gemm_naive (01)               | one thread per element of C                      |
/// | 2    | gemm_coalesced (02)           | a warp reads consecutive addresses               |
/// | 3    | gemm_shared_tiles (03)        | 32 x 32 tiles staged in shared memory            |
/// | 4    | gemm_blocking_1d (04)         | 8 results per thread in registers                |
/// | 5    | gemm_blocking_2d (05)         | 8 x 8 results per thread: an outer product       |
/// | 6    | gemm_vectorized (06)          | 128-bit loads and stores                         |
/// | 7    | gemm_warp_tiling (07)         | warp tiles between the block and the thread      |
/// | 8    | gemm_wmma<half>, <bf16> (08)  | tensor cores: fp16/bf16 inputs, fp32 sums        |
/// |      | cuBLAS SGEMM, GemmEx fp16/bf16 | NVIDIA's library: the yardstick (100 %)          |
///
/// Every rung is validated the same way, on the GPU and in the CPU emulator
/// (emu/cuda_emulator.hpp): fresh random inputs (N(0, 1), drawn from the run's seed), the output
/// filled with NaN before the launch so that an element never written fails, and every element
/// (or, at 4096³, a random sample of 512 elements plus a NaN scan of all of them) compared with
/// C computed in double precision from exactly the inputs the rung sees (the fp16/bf16 roundings
/// of A and B for rung 8, whose D = A·B + C also adds a random fp32 C). The agreement rule:
///
///     |got − ref| ≤ tol · max(|ref|, 1)    tol = 1e-5·√K (fp32 rungs), 4·2⁻¹¹ (fp16), 4·2⁻⁸ (bf16)
///
/// (√K: the rounding errors of K fp32 additions grow like a random walk; the 16-bit rungs are
/// allowed a few units of their format's precision.) Only a rung that passes is timed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/json.hpp"

namespace ch09 {

enum class Rung {
    Naive,
    Coalesced,
    SharedTiles,
    Blocking1d,
    Blocking2d,
    Vectorized,
    WarpTiling,
    WmmaF16,
    WmmaBF16,
    CublasSgemm,
    CublasF16,
    CublasBF16
};

/// The element type of a rung's inputs A and B (C and D are fp32 for every rung).
enum class Input { F32, F16, BF16 };

struct RungInfo {
    Rung rung;
    int number;            ///< 1 … 8 for the hand-written rungs, 0 for cuBLAS
    const char* name;      ///< "naive", "wmma_bf16", "cublas_sgemm"
    const char* title;     ///< one line for tables
    Input input;
    int tile_m, tile_n, tile_k;  ///< M, N, K must be multiples of these (1: any size)
};

/// Every rung in ladder order, then the cuBLAS references.
const std::vector<RungInfo>& ladder();
const RungInfo& info(Rung r);
/// Parses a rung's name; throws dl::UsageError listing the names.
Rung parse_rung(const std::string& name);
/// True when the rung can multiply these sizes (multiples of its tiles).
bool fits(Rung r, int M, int N, int K);
/// "M, N multiples of 128 and K of 16" (or "any size").
std::string requirement(Rung r);
/// The cuBLAS rung a hand-written rung is compared with (SGEMM for fp32 rungs).
Rung yardstick(Rung r);

/// One product's inputs, on the host: A (M x K), B (K x N) and C0 (M x N, the "+ C" of the
/// tensor-core rung), N(0, 1) in fp32, and the fp16 and bf16 roundings of A and B (bit
/// patterns, rounded to nearest even as the GPU's conversions do).
struct GemmProblem {
    int M = 0, N = 0, K = 0;
    std::vector<float> A, B, C0;
    std::vector<uint16_t> A16, B16, Abf, Bbf;
};
GemmProblem make_problem(int M, int N, int K, uint64_t seed);

/// The inputs a rung sees, widened back to float (the rounded ones for 16-bit rungs).
std::vector<float> rung_input_A(const GemmProblem& p, Input in);
std::vector<float> rung_input_B(const GemmProblem& p, Input in);
/// Whether the rung computes D = A·B + C0 (the tensor-core rung) rather than C = A·B.
bool adds_c(Rung r);

/// The agreement bound of the rule above.
double tolerance(Rung r, int K);

/// The verdict on one output.
struct Check {
    bool ok = false;
    int64_t checked = 0;    ///< elements compared with the reference
    int64_t failures = 0;   ///< of them, outside the bound
    int64_t nans = 0;       ///< NaN or inf anywhere in the output (never written, or wrong)
    double max_abs = 0;     ///< largest |got − ref| among the compared elements
    double max_rel = 0;     ///< largest |got − ref| / max(|ref|, 1)
    double tol = 0;
    std::string worst;      ///< "C(12, 7): got …, want …" for the worst element
    std::string str() const;
};

/// Compares `out` (M x N, column-major) with the double-precision reference of rung r on p:
/// every element when M·N·K ≤ full_limit, otherwise `samples` random elements (and a scan of
/// all of them for NaN).
Check check_output(Rung r, const GemmProblem& p, const std::vector<float>& out,
                   double full_limit = 1 << 28, int samples = 512, uint64_t seed = 7);

/// Runs a hand-written rung in the CPU emulator (emu/cuda_emulator.hpp) on p: the output,
/// poisoned with NaN first. Slow (every CUDA thread is a host thread): for small sizes.
std::vector<float> emulate_rung(Rung r, const GemmProblem& p);

/// What the GPU ladder measured for one rung at one size.
struct RungTiming {
    Rung rung;
    bool ran = false;
    std::string why_not;  ///< when not run: the size does not fit, or the GPU lacks bf16
    Check check;
    int runs = 0;
    double median_ms = 0, gflops = 0;
    double share = 0;     ///< of its cuBLAS yardstick's GFLOP/s at the same size
};

struct LadderOptions {
    std::vector<Rung> rungs;     ///< which rungs (the cuBLAS references are always added)
    int M = 4096, N = 4096, K = 4096;
    int validate_M = 512, validate_N = 384, validate_K = 288;  ///< full check, every element
    double seconds_per_rung = 1.0;  ///< timing budget of each rung (at least min_runs runs)
    int min_runs = 10, max_runs = 200;
    uint64_t seed = 1;
    bool progress = false;
};

/// Validates every rung on the GPU at the validation size and at the timed size, then times
/// the rungs that passed with CUDA events (median of the runs). Throws dl::Error when a rung
/// disagrees with the reference (nothing wrong is ever timed), or when there is no GPU.
std::vector<RungTiming> run_gpu_ladder(const LadderOptions& o);

/// Validates one rung on the GPU at M x N x K (output poisoned, compared with the reference):
/// the parity tests use it. Throws dl::Error when there is no GPU.
Check validate_on_gpu(Rung r, int M, int N, int K, uint64_t seed);

/// The tensor-core tile of the lecture, D = A·B + C on 16 x 16 x 16, with small integers (so
/// every product and sum is exact in fp32 and the result must match exactly): on the GPU when
/// `gpu`, else in the emulator. Returns the largest |D − reference| (0 when right).
struct TileDemo {
    std::vector<float> A, B, C, D, reference;  ///< 16 x 16 each, column-major
    double max_error = 0;
    bool bf16 = false;
};
TileDemo tensor_core_tile_demo(bool gpu, bool bf16, uint64_t seed);

/// The ladder's table (GFLOP/s, share of cuBLAS, max relative error, runs) as text, and as a
/// bar chart of GFLOP/s per rung (log scale) into `svg_path`.
std::string ladder_table(const std::vector<RungTiming>& rows, int M, int N, int K);
void save_ladder_plot(const std::vector<RungTiming>& rows, int M, int N, int K,
                      const std::string& svg_path, const std::string& gpu_name);
dl::Json to_json(const std::vector<RungTiming>& rows, int M, int N, int K);

}  // namespace ch09
