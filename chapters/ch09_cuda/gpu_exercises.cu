/// @file gpu_exercises.cu
/// @brief The student's matmul kernels on the GPU (see gpu_exercises.hpp).
#include <cmath>
#include <cstdio>

#include "core/rng.hpp"
#include "cuda/check.cuh"
#include "exercises/ch09.hpp"
#include "gpu_exercises.hpp"
#include "kernels/matmul.hpp"

namespace ch09 {

void run_gpu_exercises(bool json) {
    (void)json;
    const int n = 1024;
    dl::Rng rng(9);
    dl::Tensor A(dl::Shape::matrix(n, n)), B(dl::Shape::matrix(n, n));
    rng.fill_normal(A), rng.fill_normal(B);
    const dl::Tensor dA = A.to(dl::Device::CUDA), dB = B.to(dl::Device::CUDA);
    dl::Tensor ref(dl::Shape::matrix(n, n), dl::DType::F32, dl::Device::CUDA);
    dl::matmul(dA, dB, ref);  // cuBLAS
    const auto want = ref.values();
    std::printf("Your kernels (exercises ch09.matmul_naive and ch09.matmul_tiled) at %d^3:\n", n);
    for (int which = 0; which < 2; ++which) {
        const char* name = which == 0 ? "matmul_naive" : "matmul_tiled";
        auto f = which == 0 ? dl::exercises::matmul_naive : dl::exercises::matmul_tiled;
        dl::Tensor C = dl::Tensor::full(dl::Shape::matrix(n, n), NAN, dl::DType::F32, dl::Device::CUDA);
        try {
            f(dA, dB, C);
            DL_CUDA_CHECK(cudaDeviceSynchronize());
        } catch (const dl::NotImplemented&) {
            std::printf("  %-13s not implemented yet\n", name);
            continue;
        }
        const auto got = C.values();
        double err = 0;
        for (std::size_t i = 0; i < got.size(); ++i) {
            const double e = std::abs(got[i] - want[i]) / std::max(std::abs(want[i]), 1.0);
            err = std::isfinite(e) ? std::max(err, e) : INFINITY;
        }
        const bool ok = err <= 1e-5 * std::sqrt(double(n));
        float ms = 0;
        if (ok) {
            cudaEvent_t start, stop;
            DL_CUDA_CHECK(cudaEventCreate(&start));
            DL_CUDA_CHECK(cudaEventCreate(&stop));
            f(dA, dB, C);  // warm-up
            DL_CUDA_CHECK(cudaEventRecord(start));
            for (int r = 0; r < 5; ++r) f(dA, dB, C);
            DL_CUDA_CHECK(cudaEventRecord(stop));
            DL_CUDA_CHECK(cudaEventSynchronize(stop));
            DL_CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
            ms /= 5;
            cudaEventDestroy(start);
            cudaEventDestroy(stop);
        }
        if (ok)
            std::printf("  %-13s agrees with cuBLAS (max relative error %.1e): %.0f GFLOP/s\n", name,
                        err, 2.0 * n * n * n / (ms * 1e6));
        else
            std::printf("  %-13s DISAGREES with cuBLAS: max relative error %.3g\n", name, err);
    }
}

}  // namespace ch09
