/// @file gemm_ladder_cuda.cu
/// @brief The GEMM ladder on the GPU: every rung launched, validated against the
/// double-precision reference, then timed with CUDA events against cuBLAS (see gemm_ladder.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/device.hpp"
#include "cli/progress.hpp"
#include "cuda/check.cuh"
#include "gemm_ladder.hpp"
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
#include "ladder_backends.hpp"

namespace ch09 {

namespace k = kernels;

namespace {

/// Throws with the reason when no GPU can be used (the caller decides whether that is a skip).
void require_gpu() { dl::require_device(dl::Device::CUDA); }

/// A device buffer of n elements of T, freed with it.
template <class T>
class DeviceBuffer {
public:
    explicit DeviceBuffer(std::size_t n) : n_(n) {
        if (n) DL_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&p_), n * sizeof(T)));
    }
    ~DeviceBuffer() {
        if (p_) cudaFree(p_);
    }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    T* get() const { return p_; }
    void upload(const T* host) { DL_CUDA_CHECK(cudaMemcpy(p_, host, n_ * sizeof(T), cudaMemcpyHostToDevice)); }
    void download(T* host) const {
        DL_CUDA_CHECK(cudaMemcpy(host, p_, n_ * sizeof(T), cudaMemcpyDeviceToHost));
    }
    /// Every byte 0xFF: NaN in fp32 (and in fp16/bf16), so an element never written is caught.
    void poison() { DL_CUDA_CHECK(cudaMemset(p_, 0xFF, n_ * sizeof(T))); }

private:
    T* p_ = nullptr;
    std::size_t n_ = 0;
};

/// The problem's matrices on the device.
struct DeviceProblem {
    explicit DeviceProblem(const GemmProblem& p)
        : A(p.A.size()), B(p.B.size()), C0(p.C0.size()), A16(p.A16.size()), B16(p.B16.size()),
          Abf(p.Abf.size()), Bbf(p.Bbf.size()), C(std::size_t(p.M) * p.N) {
        A.upload(p.A.data()), B.upload(p.B.data()), C0.upload(p.C0.data());
        A16.upload(p.A16.data()), B16.upload(p.B16.data());
        Abf.upload(p.Abf.data()), Bbf.upload(p.Bbf.data());
    }
    DeviceBuffer<float> A, B, C0;
    DeviceBuffer<uint16_t> A16, B16, Abf, Bbf;
    DeviceBuffer<float> C;  // the output
};

bool gpu_has_bf16_tensor_cores() {
    int dev = 0, major = 0;
    DL_CUDA_CHECK(cudaGetDevice(&dev));
    DL_CUDA_CHECK(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev));
    return major >= 8;
}

template <class G, class Kernel>
void launch_fp32(Kernel kernel, int M, int N, int K, const float* A, const float* B, float* C) {
    kernel<<<G::grid(M, N), G::block()>>>(M, N, K, 1.0f, A, B, 0.0f, C);
}

/// One launch of rung r on the device problem: C = A·B (fp32 rungs, cuBLAS), or D = A·B + C0
/// for the tensor-core rung when `plus_c` (the validation; timing runs D = A·B).
void launch(Rung r, int M, int N, int K, DeviceProblem& d, bool plus_c) {
    const float one = 1.0f, zero = 0.0f;
    const float* C0 = plus_c ? d.C0.get() : nullptr;
    switch (r) {
        case Rung::Naive: launch_fp32<k::NaiveGemm>(k::gemm_naive, M, N, K, d.A.get(), d.B.get(), d.C.get()); break;
        case Rung::Coalesced: launch_fp32<k::CoalescedGemm>(k::gemm_coalesced, M, N, K, d.A.get(), d.B.get(), d.C.get()); break;
        case Rung::SharedTiles: launch_fp32<k::SharedTilesGemm>(k::gemm_shared_tiles, M, N, K, d.A.get(), d.B.get(), d.C.get()); break;
        case Rung::Blocking1d: launch_fp32<k::Blocking1dGemm>(k::gemm_blocking_1d, M, N, K, d.A.get(), d.B.get(), d.C.get()); break;
        case Rung::Blocking2d: launch_fp32<k::Blocking2dGemm>(k::gemm_blocking_2d, M, N, K, d.A.get(), d.B.get(), d.C.get()); break;
        case Rung::Vectorized: launch_fp32<k::VectorizedGemm>(k::gemm_vectorized, M, N, K, d.A.get(), d.B.get(), d.C.get()); break;
        case Rung::WarpTiling: launch_fp32<k::WarpTilingGemm>(k::gemm_warp_tiling, M, N, K, d.A.get(), d.B.get(), d.C.get()); break;
        case Rung::WmmaF16:
            k::gemm_wmma<__half><<<k::WmmaGemm::grid(M, N), k::WmmaGemm::block()>>>(
                M, N, K, reinterpret_cast<const __half*>(d.A16.get()),
                reinterpret_cast<const __half*>(d.B16.get()), C0, d.C.get());
            break;
        case Rung::WmmaBF16:
            k::gemm_wmma<__nv_bfloat16><<<k::WmmaGemm::grid(M, N), k::WmmaGemm::block()>>>(
                M, N, K, reinterpret_cast<const __nv_bfloat16*>(d.Abf.get()),
                reinterpret_cast<const __nv_bfloat16*>(d.Bbf.get()), C0, d.C.get());
            break;
        case Rung::CublasSgemm:
            DL_CUBLAS_CHECK(dl::cuda::sgemm(CUBLAS_OP_N, CUBLAS_OP_N, M, N, K, &one, d.A.get(), M,
                                            d.B.get(), K, &zero, d.C.get(), M));
            break;
        case Rung::CublasF16:
            DL_CUBLAS_CHECK(dl::cuda::gemm_ex(CUBLAS_OP_N, CUBLAS_OP_N, M, N, K, &one, d.A16.get(),
                                              CUDA_R_16F, M, d.B16.get(), CUDA_R_16F, K, &zero,
                                              d.C.get(), CUDA_R_32F, M));
            break;
        case Rung::CublasBF16:
            DL_CUBLAS_CHECK(dl::cuda::gemm_ex(CUBLAS_OP_N, CUBLAS_OP_N, M, N, K, &one, d.Abf.get(),
                                              CUDA_R_16BF, M, d.Bbf.get(), CUDA_R_16BF, K, &zero,
                                              d.C.get(), CUDA_R_32F, M));
            break;
    }
    DL_CUDA_CHECK_LAUNCH(info(r).name);
}

/// Why rung r cannot run here at M x N x K ("" when it can).
std::string why_not(Rung r, int M, int N, int K) {
    if (!fits(r, M, N, K)) return "needs " + requirement(r);
    if ((r == Rung::WmmaBF16 || r == Rung::CublasBF16) && !gpu_has_bf16_tensor_cores())
        return "bf16 tensor cores need compute capability 8.0";
    return "";
}

/// Poisons the output, launches, and checks it against the reference.
Check validate(Rung r, const GemmProblem& p, DeviceProblem& d) {
    d.C.poison();
    launch(r, p.M, p.N, p.K, d, adds_c(r));
    DL_CUDA_CHECK(cudaDeviceSynchronize());
    std::vector<float> out(std::size_t(p.M) * p.N);
    d.C.download(out.data());
    // The cuBLAS references follow the same rule, against their own (rounded) inputs: only
    // the course's rungs add C.
    return check_output(r, p, out);
}

/// Times rung r: two warm-up launches, then runs (each between two CUDA events) until the
/// budget is spent, at least min_runs and at most max_runs; returns the median in ms.
double time_rung(Rung r, int M, int N, int K, DeviceProblem& d, const LadderOptions& o, int& runs) {
    for (int w = 0; w < 2; ++w) launch(r, M, N, K, d, false);
    DL_CUDA_CHECK(cudaDeviceSynchronize());
    cudaEvent_t start, stop;
    DL_CUDA_CHECK(cudaEventCreate(&start));
    DL_CUDA_CHECK(cudaEventCreate(&stop));
    std::vector<double> ms;
    double total = 0;
    while ((int(ms.size()) < o.min_runs || total < 1000.0 * o.seconds_per_rung) &&
           int(ms.size()) < o.max_runs) {
        DL_CUDA_CHECK(cudaEventRecord(start));
        launch(r, M, N, K, d, false);
        DL_CUDA_CHECK(cudaEventRecord(stop));
        DL_CUDA_CHECK(cudaEventSynchronize(stop));
        float t = 0;
        DL_CUDA_CHECK(cudaEventElapsedTime(&t, start, stop));
        ms.push_back(t);
        total += t;
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    runs = int(ms.size());
    std::sort(ms.begin(), ms.end());
    return ms.size() % 2 ? ms[ms.size() / 2] : 0.5 * (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]);
}

}  // namespace

Check validate_on_gpu(Rung r, int M, int N, int K, uint64_t seed) {
    require_gpu();
    const std::string no = why_not(r, M, N, K);
    DL_CHECK(no.empty(), "rung ", info(r).name, " cannot run at ", M, " x ", N, " x ", K, ": ", no);
    const GemmProblem p = make_problem(M, N, K, seed);
    DeviceProblem d(p);
    return validate(r, p, d);
}

std::vector<RungTiming> run_gpu_ladder(const LadderOptions& o) {
    require_gpu();
    dl::warm_up(dl::Device::CUDA);
    std::vector<Rung> rungs = o.rungs;
    for (Rung ref : {Rung::CublasSgemm, Rung::CublasF16, Rung::CublasBF16})
        if (std::find(rungs.begin(), rungs.end(), ref) == rungs.end()) rungs.push_back(ref);

    // 1. Every rung on a small problem, every element checked.
    {
        const GemmProblem p = make_problem(o.validate_M, o.validate_N, o.validate_K, o.seed + 1);
        DeviceProblem d(p);
        for (Rung r : rungs) {
            if (!why_not(r, p.M, p.N, p.K).empty()) continue;
            const Check c = validate(r, p, d);
            DL_CHECK(c.ok, "rung ", info(r).name, " disagrees with the double-precision reference at ",
                     p.M, " x ", p.N, " x ", p.K, ": ", c.str(), " — not timed");
        }
    }
    // 2. At the timed size: validated (NaN scan, sampled elements), then timed.
    const GemmProblem p = make_problem(o.M, o.N, o.K, o.seed);
    DeviceProblem d(p);
    std::vector<RungTiming> rows;
    dl::Progress bar(static_cast<int64_t>(rungs.size()), "GEMM ladder", o.progress);
    const double flops = 2.0 * double(o.M) * o.N * o.K;
    for (Rung r : rungs) {
        RungTiming t;
        t.rung = r;
        t.why_not = why_not(r, o.M, o.N, o.K);
        if (t.why_not.empty()) {
            t.check = validate(r, p, d);
            DL_CHECK(t.check.ok, "rung ", info(r).name, " disagrees with the double-precision "
                     "reference at ", o.M, " x ", o.N, " x ", o.K, ": ", t.check.str(), " — not timed");
            t.median_ms = time_rung(r, o.M, o.N, o.K, d, o, t.runs);
            t.gflops = flops / (t.median_ms * 1e6);
            t.ran = true;
        }
        rows.push_back(t);
        bar.update(static_cast<int64_t>(rows.size()), info(r).name);
    }
    bar.finish();
    for (auto& t : rows) {
        if (!t.ran) continue;
        for (const auto& y : rows)
            if (y.rung == yardstick(t.rung) && y.ran) t.share = t.gflops / y.gflops;
    }
    return rows;
}

namespace backend {

void gpu_tile(bool bf16, const std::vector<uint16_t>& A, const std::vector<uint16_t>& B,
              const std::vector<float>& C, std::vector<float>& D) {
    require_gpu();
    DL_CHECK(!bf16 || gpu_has_bf16_tensor_cores(),
             "bf16 tensor cores need compute capability 8.0 or newer");
    DeviceBuffer<uint16_t> a(256), b(256);
    DeviceBuffer<float> c(256), d(256);
    a.upload(A.data()), b.upload(B.data()), c.upload(C.data());
    d.poison();
    if (bf16)
        k::tensor_core_tile<__nv_bfloat16><<<1, 32>>>(reinterpret_cast<const __nv_bfloat16*>(a.get()),
                                                      reinterpret_cast<const __nv_bfloat16*>(b.get()),
                                                      c.get(), d.get());
    else
        k::tensor_core_tile<__half><<<1, 32>>>(reinterpret_cast<const __half*>(a.get()),
                                               reinterpret_cast<const __half*>(b.get()), c.get(), d.get());
    DL_CUDA_CHECK_LAUNCH("tensor_core_tile");
    D.resize(256);
    d.download(D.data());
}

void gpu_hierarchy(Hierarchy& h) {
    require_gpu();
    const std::size_t n = std::size_t(h.M) * h.N;
    h.grid_x = (h.M + h.block_x - 1) / h.block_x;
    h.grid_y = (h.N + h.block_y - 1) / h.block_y;
    DeviceBuffer<int> blk(n), thr(n), wrp(n), lan(n);
    k::whoami<<<dim3(h.grid_x, h.grid_y), dim3(h.block_x, h.block_y)>>>(h.M, h.N, blk.get(), thr.get(),
                                                                        wrp.get(), lan.get());
    DL_CUDA_CHECK_LAUNCH("whoami");
    h.block.resize(n), h.thread.resize(n), h.warp.resize(n), h.lane.resize(n);
    blk.download(h.block.data()), thr.download(h.thread.data());
    wrp.download(h.warp.data()), lan.download(h.lane.data());
}

}  // namespace backend

}  // namespace ch09
