/// @file bench_ceiling.cpp
/// @brief This machine's two ceilings, measured in the same run as the kernels they judge.
///
/// - Compute: Eigen's own GEMM C = A·B on square float32 matrices, n = 256 … 2048. The best
///   size is the most floating-point work per second this CPU gives the course's threads
///   (2·n³ operations per product).
/// - Memory: a parallel copy of a 256 MB array (far beyond every cache), counting each byte
///   read and each byte written. An elementwise kernel cannot beat this rate from memory; at the
///   chapters' small sizes, where the data stays in cache, it can.
#include <omp.h>

#include <Eigen/Dense>
#include <cstring>
#include <vector>

#include "bench_util.hpp"

namespace dl::bench {
namespace {

void eigen_gemm(benchmark::State& st, int n) {
    Eigen::MatrixXf A = Eigen::MatrixXf::Random(n, n), B = Eigen::MatrixXf::Random(n, n);
    Eigen::MatrixXf C(n, n);
    for (auto _ : st) {
        C.noalias() = A * B;
        benchmark::DoNotOptimize(C.data());
        benchmark::ClobberMemory();
    }
    count_flops(st, 2.0 * n * n * n);
}

void memory_copy(benchmark::State& st, int64_t n) {
    std::vector<float> src(static_cast<std::size_t>(n)), dst(static_cast<std::size_t>(n));
    // First touch by the threads that will copy, so each page lives near its thread.
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; ++i) {
        src[i] = static_cast<float>(i & 1023);
        dst[i] = 0.0f;
    }
    for (auto _ : st) {
#pragma omp parallel
        {
            const int t = omp_get_thread_num(), nt = omp_get_num_threads();
            const int64_t begin = n * t / nt, end = n * (t + 1) / nt;
            std::memcpy(dst.data() + begin, src.data() + begin,
                        static_cast<std::size_t>(end - begin) * sizeof(float));
        }
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    count_bytes(st, 2.0 * static_cast<double>(n) * sizeof(float));
}

const bool registered = on_register([](bool smoke) {
    const std::vector<int> sizes = smoke ? std::vector<int>{32}
                                         : std::vector<int>{256, 512, 768, 1024, 1536, 2048};
    for (int n : sizes) {
        const std::string s = std::to_string(n);
        add("ceiling/eigen_gemm/" + s, "Eigen GEMM " + s + "x" + s + "x" + s,
            [n](benchmark::State& st) { eigen_gemm(st, n); });
    }
    const int64_t n = smoke ? 1024 : int64_t{64} << 20;  // 64 Mi floats: 256 MB per array
    add("ceiling/memory_copy", smoke ? "copy 4 KB" : "copy 256 MB (read + write)",
        [n](benchmark::State& st) { memory_copy(st, n); });
});

}  // namespace
}  // namespace dl::bench
