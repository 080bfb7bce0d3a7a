// Flush-to-zero and denormals-are-zero (core/float_mode.hpp): set on the main thread before
// main(), inherited by every OpenMP worker and so by Eigen's GEMM threads, and seen by the kernels.
// The checks compute with subnormals on every thread; none of them times anything. This file
// includes nothing from float_mode.hpp on purpose (see this_thread_flushes()).
#include <omp.h>

#include <cfloat>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/eigen_view.hpp"
#include "kernels/activation.hpp"
#include "kernels/adam.hpp"
#include "kernels/matmul.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {

#if defined(__x86_64__) || defined(__SSE__) || defined(__aarch64__)
const bool kCpuKnown = true;
#else
const bool kCpuKnown = false;
#endif
/// The library sets the mode on the CPUs it knows, unless DL_KEEP_DENORMALS asks it not to.
const bool kKnownCpu = kCpuKnown && [] {
    const char* keep = std::getenv("DL_KEEP_DENORMALS");
    return keep == nullptr || *keep == '\0' || std::string(keep) == "0";
}();

/// FLT_MIN / 4 = 2^{−128} ≈ 2.9e−39: a subnormal float (below FLT_MIN = 2^{−126} ≈ 1.18e−38).
/// volatile, so the compiler cannot fold the arithmetic at compile time (where no mode applies).
volatile float g_subnormal = FLT_MIN / 4;
volatile float g_min = FLT_MIN;

/// True when this thread computes with FTZ and DAZ: a subnormal input reads as 0 (DAZ) and
/// FLT_MIN / 2, which would be the subnormal 2^{−127}, comes out as 0 (FTZ). Arithmetic only, on
/// purpose: these tests never call into float_mode.cpp, so they also fail if the linker leaves
/// that file (and its start-up code) out of a program.
bool this_thread_flushes() {
    const float in = g_subnormal * 1.0f;  // DAZ: 0 · 1 = 0 (without it: 2.9e−39)
    const float out = g_min * 0.5f;       // FTZ: 2^{−127} is written as 0
    return in == 0.0f && out == 0.0f;
}

/// Runs `f` on a team of `n` OpenMP threads; returns, per thread, whether it flushes.
std::vector<int> flushes_per_thread(int n) {
    std::vector<int> ok(n, -1);
#pragma omp parallel num_threads(n)
    {
        const int t = omp_get_thread_num();
        if (t < n) ok[t] = this_thread_flushes() ? 1 : 0;
    }
    return ok;
}

}  // namespace

TEST(FloatMode, MainThreadFlushesSubnormalsFromTheStart) {
    if (!kKnownCpu) GTEST_SKIP() << "the float mode is not set (unknown CPU, or DL_KEEP_DENORMALS)";
    // Set before main() by the library: no test or program calls flush_denormals() first.
    EXPECT_TRUE(this_thread_flushes());
    // Normal numbers are untouched: FLT_MIN itself and FLT_MIN · 2 are exact.
    EXPECT_EQ(g_min * 2.0f, 2.0f * FLT_MIN);
}

TEST(FloatMode, EveryOpenMPWorkerFlushes) {
    if (!kKnownCpu) GTEST_SKIP() << "the float mode is not set (unknown CPU, or DL_KEEP_DENORMALS)";
    // More threads than cores, and a larger team than any before it in this process: OpenMP
    // creates new workers here, and each must have inherited the mode.
    for (int n : {2, 3, 8}) {
        const std::vector<int> ok = flushes_per_thread(n);
        for (int t = 0; t < n; ++t) EXPECT_EQ(ok[t], 1) << "OpenMP thread " << t << " of " << n;
    }
}

TEST(FloatMode, EigenGemmThreadsSeeSubnormalsAsZero) {
    if (!kKnownCpu) GTEST_SKIP() << "the float mode is not set (unknown CPU, or DL_KEEP_DENORMALS)";
    // C = A·B with every A(i,k) = 2.9e−39 (subnormal) and B all ones, 256 x 256 x 256: Eigen
    // splits this product over its (OpenMP) threads. With DAZ each thread reads A as zeros and
    // C is exactly 0; a thread without it would write 256 · 2.9e−39 = 7.5e−37 (a normal float)
    // into its block of C.
    const int saved = omp_get_max_threads();
    omp_set_num_threads(4);
    Eigen::setNbThreads(4);
    const int64_t n = 256;
    Tensor A = Tensor::full(Shape::matrix(n, n), FLT_MIN / 4);
    Tensor B = Tensor::full(Shape::matrix(n, n), 1.0);
    Tensor C = Tensor::full(Shape::matrix(n, n), 1.0);
    matmul(A, B, C);
    omp_set_num_threads(saved);
    Eigen::setNbThreads(saved);
    EXPECT_EQ(mat<float>(C).cwiseAbs().maxCoeff(), 0.0f);
}

TEST(FloatMode, KernelsReadSubnormalsAsZero) {
    if (!kKnownCpu) GTEST_SKIP() << "the float mode is not set (unknown CPU, or DL_KEEP_DENORMALS)";
    // σ(2.9e−39) = 0.5 + 7e−40 rounds to 0.5 either way; the subnormal itself must not survive a
    // ReLU (DAZ reads it as +0, and relu(0) = 0).
    Tensor Z = Tensor::full(Shape::matrix(3, 5), FLT_MIN / 4);
    Tensor A(Z.shape());
    activation_forward(Activation::ReLU, Z, A);
    for (double v : A.values()) EXPECT_EQ(v, 0.0);
    // Adam's second moment S ← β₂S + (1 − β₂)dW² with dW = 1e−20: dW² = 1e−40 is subnormal,
    // so S stays exactly 0 and never enters the slow range.
    Tensor W = Tensor::zeros(Shape::matrix(4, 4)), dW = Tensor::full(W.shape(), 1e-20);
    Tensor V = Tensor::zeros(W.shape()), S = Tensor::zeros(W.shape());
    adam_update(W, dW, V, S, AdamParams{}, 1);
    for (double v : S.values()) EXPECT_EQ(v, 0.0);
}

