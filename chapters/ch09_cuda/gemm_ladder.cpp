/// @file gemm_ladder.cpp
/// @brief The ladder's rungs, inputs, reference and verdicts, its table and plot (see
/// gemm_ladder.hpp). The GPU side is in gemm_ladder_cuda.cu, the emulated one in
/// gemm_emulated.cpp.
#include "gemm_ladder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "core/half.hpp"
#include "core/rng.hpp"
#include "io/svg_plot.hpp"
#include "ladder_backends.hpp"

namespace ch09 {

const std::vector<RungInfo>& ladder() {
    static const std::vector<RungInfo> rungs = {
        {Rung::Naive, 1, "naive", "naive: one thread per C(i,j)", Input::F32, 1, 1, 1},
        {Rung::Coalesced, 2, "coalesced", "coalesced: warps read consecutive addresses", Input::F32, 1, 1, 1},
        {Rung::SharedTiles, 3, "shared_tiles", "shared-memory tiles 32x32", Input::F32, 1, 1, 1},
        {Rung::Blocking1d, 4, "blocking_1d", "1-D register blocking (8 per thread)", Input::F32, 64, 64, 8},
        {Rung::Blocking2d, 5, "blocking_2d", "2-D register blocking (8x8 per thread)", Input::F32, 128, 128, 8},
        {Rung::Vectorized, 6, "vectorized", "2-D blocking + float4 loads/stores", Input::F32, 128, 128, 8},
        {Rung::WarpTiling, 7, "warp_tiling", "warp tiling (64x32 per warp)", Input::F32, 128, 128, 16},
        {Rung::WmmaF16, 8, "wmma_fp16", "tensor cores (WMMA), fp16 in, fp32 sums", Input::F16, 128, 128, 32},
        {Rung::WmmaBF16, 8, "wmma_bf16", "tensor cores (WMMA), bf16 in, fp32 sums", Input::BF16, 128, 128, 32},
        {Rung::CublasSgemm, 0, "cublas_sgemm", "cuBLAS SGEMM (fp32)", Input::F32, 1, 1, 1},
        {Rung::CublasF16, 0, "cublas_fp16", "cuBLAS GemmEx, fp16 in, fp32 compute", Input::F16, 1, 1, 1},
        {Rung::CublasBF16, 0, "cublas_bf16", "cuBLAS GemmEx, bf16 in, fp32 compute", Input::BF16, 1, 1, 1},
    };
    return rungs;
}

const RungInfo& info(Rung r) {
    for (const auto& i : ladder())
        if (i.rung == r) return i;
    dl::fail("unknown rung ", static_cast<int>(r));
}

Rung parse_rung(const std::string& name) {
    std::string names;
    for (const auto& i : ladder()) {
        if (name == i.name) return i.rung;
        names += (names.empty() ? "" : ", ") + std::string(i.name);
    }
    throw dl::UsageError(dl::cat("--rungs: unknown rung '", name, "' (rungs: ", names, ")"));
}

bool fits(Rung r, int M, int N, int K) {
    const RungInfo& i = info(r);
    return M > 0 && N > 0 && K > 0 && M % i.tile_m == 0 && N % i.tile_n == 0 && K % i.tile_k == 0;
}

std::string requirement(Rung r) {
    const RungInfo& i = info(r);
    if (i.tile_m == 1) return "any size";
    return dl::cat("M, N multiples of ", i.tile_m, " and K of ", i.tile_k);
}

Rung yardstick(Rung r) {
    switch (info(r).input) {
        case Input::F16: return Rung::CublasF16;
        case Input::BF16: return Rung::CublasBF16;
        default: return Rung::CublasSgemm;
    }
}

bool adds_c(Rung r) { return r == Rung::WmmaF16 || r == Rung::WmmaBF16; }

GemmProblem make_problem(int M, int N, int K, uint64_t seed) {
    DL_CHECK(M > 0 && N > 0 && K > 0, "GEMM sizes must be positive, got ", M, " x ", N, " x ", K);
    GemmProblem p;
    p.M = M, p.N = N, p.K = K;
    dl::Rng rng(seed);
    auto fill = [&](std::vector<float>& v, std::size_t n) {
        v.resize(n);
        for (float& x : v) x = static_cast<float>(rng.normal());
    };
    fill(p.A, std::size_t(M) * K);
    fill(p.B, std::size_t(K) * N);
    fill(p.C0, std::size_t(M) * N);
    auto round = [](const std::vector<float>& v, uint16_t (*f)(float)) {
        std::vector<uint16_t> out(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) out[i] = f(v[i]);
        return out;
    };
    p.A16 = round(p.A, dl::float_to_half_bits);
    p.B16 = round(p.B, dl::float_to_half_bits);
    p.Abf = round(p.A, dl::float_to_bfloat16_bits);
    p.Bbf = round(p.B, dl::float_to_bfloat16_bits);
    return p;
}

namespace {
std::vector<float> widen(const std::vector<uint16_t>& v, float (*f)(uint16_t)) {
    std::vector<float> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = f(v[i]);
    return out;
}
}  // namespace

std::vector<float> rung_input_A(const GemmProblem& p, Input in) {
    if (in == Input::F16) return widen(p.A16, dl::half_bits_to_float);
    if (in == Input::BF16) return widen(p.Abf, dl::bfloat16_bits_to_float);
    return p.A;
}

std::vector<float> rung_input_B(const GemmProblem& p, Input in) {
    if (in == Input::F16) return widen(p.B16, dl::half_bits_to_float);
    if (in == Input::BF16) return widen(p.Bbf, dl::bfloat16_bits_to_float);
    return p.B;
}

double tolerance(Rung r, int K) {
    switch (info(r).input) {
        case Input::F16: return 4.0 * std::ldexp(1.0, -11);
        case Input::BF16: return 4.0 * std::ldexp(1.0, -8);
        default: return 1e-5 * std::sqrt(double(K));
    }
}

std::string Check::str() const {
    std::ostringstream os;
    os.precision(3);
    if (ok)
        os << checked << " elements agree, max relative error " << max_rel << " (bound " << tol << ")";
    else
        os << failures << " of " << checked << " elements disagree and " << nans
           << " are NaN or infinite; worst " << worst << " (bound " << tol << ")";
    return os.str();
}

Check check_output(Rung r, const GemmProblem& p, const std::vector<float>& out, double full_limit,
                   int samples, uint64_t seed) {
    const int M = p.M, N = p.N, K = p.K;
    DL_CHECK(out.size() == std::size_t(M) * N, "check_output: the output has ", out.size(),
             " elements, C is ", M, " x ", N);
    const Input in = info(r).input;
    const std::vector<float> A = rung_input_A(p, in), B = rung_input_B(p, in);
    const bool plus_c = adds_c(r);
    Check c;
    c.tol = tolerance(r, K);
    for (float v : out) c.nans += std::isfinite(v) ? 0 : 1;
    auto ref = [&](int i, int j) {  // C(i, j) in double from the rung's own inputs
        double s = plus_c ? double(p.C0[std::size_t(i) + std::size_t(j) * M]) : 0.0;
        for (int k = 0; k < K; ++k)
            s += double(A[std::size_t(i) + std::size_t(k) * M]) * double(B[std::size_t(k) + std::size_t(j) * K]);
        return s;
    };
    double worst_ratio = -1;
    auto compare = [&](int i, int j) {
        const double want = ref(i, j), got = out[std::size_t(i) + std::size_t(j) * M];
        const double diff = std::abs(got - want), rel = diff / std::max(std::abs(want), 1.0);
        ++c.checked;
        const bool bad = !std::isfinite(got) || rel > c.tol;
        if (bad) ++c.failures;
        const double ratio = std::isfinite(got) ? rel / c.tol : std::numeric_limits<double>::infinity();
        if (std::isfinite(got)) {
            c.max_abs = std::max(c.max_abs, diff);
            c.max_rel = std::max(c.max_rel, rel);
        }
        if (ratio > worst_ratio) {
            worst_ratio = ratio;
            std::ostringstream os;
            os.precision(9);
            os << "C(" << i << ", " << j << "): got " << got << ", want " << want;
            c.worst = os.str();
        }
    };
    if (double(M) * N * K <= full_limit) {
        for (int j = 0; j < N; ++j)
            for (int i = 0; i < M; ++i) compare(i, j);
    } else {
        dl::Rng rng(seed);
        for (int s = 0; s < samples; ++s)
            compare(static_cast<int>(rng.below(M)), static_cast<int>(rng.below(N)));
    }
    c.ok = c.failures == 0 && c.nans == 0;
    return c;
}

TileDemo tensor_core_tile_demo(bool gpu, bool bf16, uint64_t seed) {
    // Small integers: every product (at most 3·3) and sum (at most 16·9 + 9) is exact in fp16,
    // bf16 and fp32, so the tensor core's result must equal the reference exactly.
    TileDemo d;
    d.bf16 = bf16;
    dl::Rng rng(seed);
    std::vector<uint16_t> a16(256), b16(256);
    d.A.resize(256), d.B.resize(256), d.C.resize(256), d.reference.assign(256, 0.0f);
    for (int e = 0; e < 256; ++e) {
        d.A[e] = float(int(rng.below(7)) - 3);
        d.B[e] = float(int(rng.below(7)) - 3);
        d.C[e] = float(int(rng.below(19)) - 9);
        a16[e] = bf16 ? dl::float_to_bfloat16_bits(d.A[e]) : dl::float_to_half_bits(d.A[e]);
        b16[e] = bf16 ? dl::float_to_bfloat16_bits(d.B[e]) : dl::float_to_half_bits(d.B[e]);
    }
    for (int j = 0; j < 16; ++j)
        for (int i = 0; i < 16; ++i) {
            float s = d.C[i + 16 * j];
            for (int k = 0; k < 16; ++k) s += d.A[i + 16 * k] * d.B[k + 16 * j];
            d.reference[i + 16 * j] = s;
        }
    if (gpu)
        backend::gpu_tile(bf16, a16, b16, d.C, d.D);
    else
        backend::emulate_tile(bf16, a16, b16, d.C, d.D);
    d.max_error = 0;
    for (int e = 0; e < 256; ++e) {
        const double err = std::isfinite(d.D[e]) ? std::abs(double(d.D[e]) - d.reference[e])
                                                 : std::numeric_limits<double>::infinity();
        d.max_error = std::max(d.max_error, err);
    }
    return d;
}

std::string ladder_table(const std::vector<RungTiming>& rows, int M, int N, int K) {
    std::ostringstream os;
    char line[256];
    std::snprintf(line, sizeof line, "C = A·B at M = %d, N = %d, K = %d (%.1f GFLOP per product)\n",
                  M, N, K, 2.0 * M * N * K / 1e9);
    os << line;
    std::snprintf(line, sizeof line, "  %-2s %-44s %10s %9s %10s %6s\n", "#", "rung", "GFLOP/s",
                  "of cuBLAS", "max rel err", "runs");
    os << line;
    for (const auto& r : rows) {
        const RungInfo& i = info(r.rung);
        const std::string num = i.number ? std::to_string(i.number) : "";
        if (!r.ran) {
            std::snprintf(line, sizeof line, "  %-2s %-44s %10s   (%s)\n", num.c_str(), i.title, "—",
                          r.why_not.c_str());
        } else {
            const std::string share = i.number ? dl::cat(std::lround(100 * r.share), " %") : "100 %";
            std::snprintf(line, sizeof line, "  %-2s %-44s %10.0f %9s %10.1e %6d\n", num.c_str(),
                          i.title, r.gflops, share.c_str(), r.check.max_rel, r.runs);
        }
        os << line;
    }
    return os.str();
}

void save_ladder_plot(const std::vector<RungTiming>& rows, int M, int N, int K,
                      const std::string& svg_path, const std::string& gpu_name) {
    dl::SvgPlot plot(dl::cat("GEMM ladder, ", M, " x ", N, " x ", K, " on ", gpu_name),
                     "rung (1-7 fp32, 8 tensor cores; c = cuBLAS)", "GFLOP/s (log scale)", 720, 440);
    std::vector<double> xs, ys, cx, cy;
    std::string legend;
    double x = 1;
    for (const auto& r : rows) {
        if (!r.ran) {
            x += 1;
            continue;
        }
        const RungInfo& i = info(r.rung);
        if (i.number) {
            xs.push_back(x), ys.push_back(r.gflops);
        } else {
            cx.push_back(x), cy.push_back(r.gflops);
        }
        legend += dl::cat(legend.empty() ? "" : ", ", int(x), ": ", i.name);
        x += 1;
    }
    plot.log_y();
    if (!xs.empty()) plot.bars(xs, ys, "hand-written rungs");
    if (!cx.empty()) plot.bars(cx, cy, "cuBLAS");
    plot.note(legend.size() > 90 ? legend.substr(0, 90) + "…" : legend);
    plot.save(svg_path);
}

dl::Json to_json(const std::vector<RungTiming>& rows, int M, int N, int K) {
    dl::Json j = dl::Json::object();
    j["M"] = M;
    j["N"] = N;
    j["K"] = K;
    dl::Json list = dl::Json::array();
    for (const auto& r : rows) {
        dl::Json e = dl::Json::object();
        e["rung"] = info(r.rung).name;
        e["ran"] = r.ran;
        if (r.ran) {
            e["gflops"] = r.gflops;
            e["share_of_cublas"] = r.share;
            e["median_ms"] = r.median_ms;
            e["max_rel_error"] = r.check.max_rel;
            e["runs"] = r.runs;
        } else {
            e["why_not"] = r.why_not;
        }
        list.push_back(e);
    }
    j["rungs"] = list;
    return j;
}

#ifndef DL_WITH_CUDA
// A build without CUDA: the GPU side says why it cannot run.
std::vector<RungTiming> run_gpu_ladder(const LadderOptions&) {
    dl::fail("the GEMM ladder on the GPU needs a CUDA build (the course was built without CUDA)");
}
Check validate_on_gpu(Rung, int, int, int, uint64_t) {
    dl::fail("validating a rung on the GPU needs a CUDA build (the course was built without CUDA)");
}
namespace backend {
void gpu_tile(bool, const std::vector<uint16_t>&, const std::vector<uint16_t>&,
              const std::vector<float>&, std::vector<float>&) {
    dl::fail("the tensor-core tile on the GPU needs a CUDA build");
}
void gpu_hierarchy(Hierarchy&) { dl::fail("the hierarchy kernel on the GPU needs a CUDA build"); }
}  // namespace backend
#endif

}  // namespace ch09
