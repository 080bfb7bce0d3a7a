// The check both CUDA matmul exercises share: C = A·B on the GPU against a double-precision
// product of the same inputs on the CPU.
#pragma once

#include <cmath>
#include <tuple>
#include <vector>

#include "core/rng.hpp"
#include "core/tensor.hpp"
#include "test_util.hpp"

namespace dl::test {

inline std::vector<std::tuple<int, int, int>> matmul_exercise_sizes() {
    return {{1, 1, 1}, {16, 16, 16}, {17, 33, 5}, {100, 37, 129}, {64, 256, 48}, {257, 3, 31}};
}

/// Runs f(A, B, C) on the GPU and compares C with the reference; false (with a message) when
/// any element is off, NaN (never written), or the function throws.
template <class F>
bool check_cuda_matmul(F f, int M, int N, int K) {
    Rng rng(uint64_t(M) * 1000003u + uint64_t(N) * 1009u + uint64_t(K));
    Tensor A = randn(Shape::matrix(M, K), rng), B = randn(Shape::matrix(K, N), rng);
    Tensor dA = A.to(Device::CUDA), dB = B.to(Device::CUDA);
    Tensor dC = poisoned(Shape::matrix(M, N), Device::CUDA);
    try {
        f(dA, dB, dC);
    } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        return false;
    }
    const auto a = A.values(), b = B.values(), c = dC.values();
    int bad = 0;
    for (int j = 0; j < N; ++j)
        for (int i = 0; i < M; ++i) {
            double want = 0, mag = 0;
            for (int k = 0; k < K; ++k) {
                want += a[i + std::size_t(k) * M] * b[k + std::size_t(j) * K];
                mag += std::abs(a[i + std::size_t(k) * M] * b[k + std::size_t(j) * K]);
            }
            const double got = c[i + std::size_t(j) * M];
            const double bound = gamma(K) * mag + kTinyAbs;
            if (!(std::abs(got - want) <= bound) && bad++ < 3)
                ADD_FAILURE() << "C(" << i << ", " << j << ") = " << got << ", want " << want
                              << " (bound " << bound << ")";
        }
    return bad == 0;
}

}  // namespace dl::test
