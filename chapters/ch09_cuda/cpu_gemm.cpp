/// @file cpu_gemm.cpp
/// @brief The CPU GEMM stages and their timing (see cpu_gemm.hpp).
#include "cpu_gemm.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <sstream>
#include <thread>

#include "cli/progress.hpp"
#include "core/eigen_view.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"

namespace ch09 {

//! [cpu_gemm_naive]
void gemm_naive_cpu(const float* A, const float* B, float* C, int n) {
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            float acc = 0.0f;
            for (int k = 0; k < n; ++k) acc += A[i + std::size_t(k) * n] * B[k + std::size_t(j) * n];
            C[i + std::size_t(j) * n] = acc;
        }
}
//! [cpu_gemm_naive]

void gemm_reordered_cpu(const float* A, const float* B, float* C, int n) {
    std::fill(C, C + std::size_t(n) * n, 0.0f);
    for (int j = 0; j < n; ++j)
        for (int k = 0; k < n; ++k) {
            const float b = B[k + std::size_t(j) * n];
            const float* a = A + std::size_t(k) * n;  // column k of A: contiguous
            float* c = C + std::size_t(j) * n;        // column j of C
            for (int i = 0; i < n; ++i) c[i] += a[i] * b;
        }
}

//! [cpu_gemm_blocked]
void gemm_blocked_cpu(const float* A, const float* B, float* C, int n) {
    // A 256 x 64 tile of A (64 KiB) stays in the L2 cache while the 64 columns of a block of C
    // reuse it: the CPU's version of the GPU's shared-memory tile.
    constexpr int TI = 256, TK = 64, TJ = 64;
    std::fill(C, C + std::size_t(n) * n, 0.0f);
    for (int jj = 0; jj < n; jj += TJ)
        for (int kk = 0; kk < n; kk += TK)
            for (int ii = 0; ii < n; ii += TI) {
                const int je = std::min(jj + TJ, n), ke = std::min(kk + TK, n), ie = std::min(ii + TI, n);
                for (int j = jj; j < je; ++j)
                    for (int k = kk; k < ke; ++k) {
                        const float b = B[k + std::size_t(j) * n];
                        const float* a = A + std::size_t(k) * n;
                        float* c = C + std::size_t(j) * n;
                        for (int i = ii; i < ie; ++i) c[i] += a[i] * b;
                    }
            }
}
//! [cpu_gemm_blocked]

namespace {

double best_ms(const std::function<void()>& f, int min_reps, double min_total_ms) {
    using clock = std::chrono::steady_clock;
    double best = 1e300, total = 0;
    for (int r = 0; (r < min_reps || total < min_total_ms) && r < 1000; ++r) {
        const auto t0 = clock::now();
        f();
        const double ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        best = std::min(best, ms);
        total += ms;
    }
    return best;
}

}  // namespace

std::vector<CpuGemmRow> cpu_gemm_ladder(const std::vector<int>& sizes, int naive_limit,
                                        int threads, uint64_t seed, bool progress) {
    std::vector<CpuGemmRow> rows;
    dl::Rng rng(seed);
    const int saved = Eigen::nbThreads();
    dl::Progress bar(static_cast<int64_t>(sizes.size()), "CPU GEMM", progress);
    for (std::size_t si = 0; si < sizes.size(); ++si) {
        const int n = sizes[si];
        const dl::Matrix A = dl::Matrix::NullaryExpr(n, n, [&] { return float(rng.normal()); });
        const dl::Matrix B = dl::Matrix::NullaryExpr(n, n, [&] { return float(rng.normal()); });
        const dl::MatrixD ref = A.cast<double>() * B.cast<double>();  // the reference in double
        dl::Matrix C(n, n);
        const double flops = 2.0 * n * double(n) * n;
        struct Stage {
            std::string name;
            std::function<void()> run;
            int eigen_threads;
        };
        const std::vector<Stage> stages = {
            {"naive (i, j, k)", [&] { gemm_naive_cpu(A.data(), B.data(), C.data(), n); }, 1},
            {"reordered (j, k, i)", [&] { gemm_reordered_cpu(A.data(), B.data(), C.data(), n); }, 1},
            {"blocked (cache tiles)", [&] { gemm_blocked_cpu(A.data(), B.data(), C.data(), n); }, 1},
            {"Eigen, 1 thread", [&] { C.noalias() = A * B; }, 1},
            {dl::cat("Eigen, ", threads, " threads"), [&] { C.noalias() = A * B; }, threads},
        };
        for (std::size_t s = 0; s < stages.size(); ++s) {
            CpuGemmRow r;
            r.stage = stages[s].name;
            r.n = n;
            if (s == 0 && n > naive_limit) {
                r.gflops = -1;
                rows.push_back(r);
                continue;
            }
            Eigen::setNbThreads(stages[s].eigen_threads);
            C.setConstant(std::numeric_limits<float>::quiet_NaN());  // poisoned
            stages[s].run();                                          // validated first …
            double err = 0;
            for (int j = 0; j < n; ++j)
                for (int i = 0; i < n; ++i) {
                    const double d = std::abs(double(C(i, j)) - ref(i, j)) / std::max(std::abs(ref(i, j)), 1.0);
                    err = std::isfinite(d) ? std::max(err, d) : std::numeric_limits<double>::infinity();
                }
            r.max_rel_error = err;
            const double tol = 1e-5 * std::sqrt(double(n));
            DL_CHECK(err <= tol, "CPU GEMM stage '", r.stage, "' disagrees with the double-precision "
                     "reference at n = ", n, ": max relative error ", err, " > ", tol);
            const double ms = best_ms(stages[s].run, 2, 100);  // … then timed
            r.gflops = flops / (ms * 1e6);
            rows.push_back(r);
        }
        bar.update(static_cast<int64_t>(si + 1), dl::cat("n = ", n));
    }
    bar.finish();
    Eigen::setNbThreads(saved);
    return rows;
}

std::string cpu_gemm_table(const std::vector<CpuGemmRow>& rows) {
    std::ostringstream os;
    char line[200];
    // A shared machine makes every figure smaller, threads most of all: say how busy it was.
    double load = 0;
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf", &load) != 1) load = 0;
        std::fclose(f);
    }
    if (load > 0) {
        std::snprintf(line, sizeof line, "  (load average %.1f on %u logical cores while measuring%s)\n",
                      load, std::thread::hardware_concurrency(),
                      load > 1.0 ? ": a busy machine, the figures are low" : "");
        os << line;
    }
    std::snprintf(line, sizeof line, "  %-24s %6s %10s %14s\n", "stage", "n", "GFLOP/s", "max rel error");
    os << line;
    for (const auto& r : rows) {
        if (r.gflops < 0)
            std::snprintf(line, sizeof line, "  %-24s %6d %10s\n", r.stage.c_str(), r.n, "skipped");
        else
            std::snprintf(line, sizeof line, "  %-24s %6d %10.2f %14.2e\n", r.stage.c_str(), r.n,
                          r.gflops, r.max_rel_error);
        os << line;
    }
    return os.str();
}

dl::Json to_json(const std::vector<CpuGemmRow>& rows) {
    dl::Json list = dl::Json::array();
    for (const auto& r : rows) {
        if (r.gflops < 0) continue;
        dl::Json j = dl::Json::object();
        j["stage"] = r.stage;
        j["n"] = r.n;
        j["gflops"] = r.gflops;
        j["max_rel_error"] = r.max_rel_error;
        list.push_back(j);
    }
    return list;
}

}  // namespace ch09
