/// @file gemm_stages.cpp
/// @brief The four matrix-product stages and their timing (see gemm_stages.hpp).
#include "gemm_stages.hpp"

#include <algorithm>
#include <cmath>

#include "cli/progress.hpp"
#include "core/eigen_view.hpp"
#include "core/rng.hpp"
#include "timing.hpp"

namespace ch03 {

const char* gemm_stage_name(GemmStage s) {
    switch (s) {
        case GemmStage::Naive: return "naive";
        case GemmStage::Reordered: return "reordered";
        case GemmStage::Blocked: return "blocked";
        case GemmStage::Eigen: return "eigen";
    }
    return "?";
}

namespace {
//! [gemm_naive]
void gemm_naive(const float* A, const float* B, float* C, int n) {
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            float acc = 0.0f;
            for (int k = 0; k < n; ++k) acc += A[k * n + i] * B[j * n + k];  // A: stride n
            C[j * n + i] = acc;
        }
}
//! [gemm_naive]

//! [gemm_reordered]
void gemm_reordered(const float* A, const float* B, float* C, int n) {
    std::fill(C, C + static_cast<std::size_t>(n) * n, 0.0f);
    for (int j = 0; j < n; ++j)
        for (int k = 0; k < n; ++k) {
            const float bkj = B[j * n + k];
            const float* a = A + static_cast<std::size_t>(k) * n;  // column k of A
            float* c = C + static_cast<std::size_t>(j) * n;        // column j of C
            for (int i = 0; i < n; ++i) c[i] += a[i] * bkj;        // contiguous: SIMD
        }
}
//! [gemm_reordered]

//! [gemm_blocked]
void gemm_blocked(const float* A, const float* B, float* C, int n) {
    // Tiles of 256 rows x 64 inner indices of A (64 KiB) stay in the L2 cache while every
    // column j of the 64-column block of C reuses them.
    constexpr int TI = 256, TK = 64, TJ = 64;
    std::fill(C, C + static_cast<std::size_t>(n) * n, 0.0f);
    for (int jj = 0; jj < n; jj += TJ)
        for (int kk = 0; kk < n; kk += TK)
            for (int ii = 0; ii < n; ii += TI) {
                const int je = std::min(jj + TJ, n), ke = std::min(kk + TK, n), ie = std::min(ii + TI, n);
                for (int j = jj; j < je; ++j)
                    for (int k = kk; k < ke; ++k) {
                        const float bkj = B[j * n + k];
                        const float* a = A + static_cast<std::size_t>(k) * n;
                        float* c = C + static_cast<std::size_t>(j) * n;
                        for (int i = ii; i < ie; ++i) c[i] += a[i] * bkj;
                    }
            }
}
//! [gemm_blocked]
}  // namespace

void gemm(GemmStage s, const float* A, const float* B, float* C, int n) {
    switch (s) {
        case GemmStage::Naive: gemm_naive(A, B, C, n); break;
        case GemmStage::Reordered: gemm_reordered(A, B, C, n); break;
        case GemmStage::Blocked: gemm_blocked(A, B, C, n); break;
        case GemmStage::Eigen: {
            Eigen::Map<const dl::Matrix> a(A, n, n), b(B, n, n);
            Eigen::Map<dl::Matrix> c(C, n, n);
            c.noalias() = a * b;
            break;
        }
    }
}

GemmResult time_gemm(const std::vector<int>& sizes, int naive_limit, uint64_t seed, bool progress) {
    const GemmStage stages[] = {GemmStage::Naive, GemmStage::Reordered, GemmStage::Blocked,
                                GemmStage::Eigen};
    GemmResult r;
    r.sizes = sizes;
    r.gflops.assign(4, std::vector<double>(sizes.size(), -1.0));
    dl::Rng rng(seed);
    // One core for every stage, Eigen included: the loops are single-threaded, and on a busy
    // machine a second thread makes small products wait for it.
    const int threads = Eigen::nbThreads();
    Eigen::setNbThreads(1);
    dl::Progress bar(static_cast<int64_t>(sizes.size()), "matrix products", progress);
    for (std::size_t si = 0; si < sizes.size(); ++si) {
        const int n = sizes[si];
        const dl::Matrix A = dl::Matrix::NullaryExpr(n, n, [&] { return float(rng.normal()); });
        const dl::Matrix B = dl::Matrix::NullaryExpr(n, n, [&] { return float(rng.normal()); });
        dl::Matrix ref(n, n), C(n, n);
        gemm(GemmStage::Eigen, A.data(), B.data(), ref.data(), n);
        const double flops = 2.0 * n * double(n) * n;
        for (int s = 0; s < 4; ++s) {
            if (stages[s] == GemmStage::Naive && n > naive_limit) continue;
            const double ms =
                best_ms([&] { gemm(stages[s], A.data(), B.data(), C.data(), n); }, 2, 100);
            r.gflops[s][si] = flops / (ms * 1e6);
            const double err = (C - ref).cwiseAbs().maxCoeff() / std::max(1.0f, ref.cwiseAbs().maxCoeff());
            r.max_rel_error = std::max(r.max_rel_error, err);
        }
        r.peak = std::max(r.peak, r.gflops[3][si]);
        bar.update(static_cast<int64_t>(si + 1), dl::cat("n = ", n));
    }
    bar.finish();
    Eigen::setNbThreads(threads);
    return r;
}

}  // namespace ch03
