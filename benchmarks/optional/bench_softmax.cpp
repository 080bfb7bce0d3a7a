/// @file bench_softmax.cpp
/// @brief Softmax and the fused softmax + cross-entropy (kernels/softmax.hpp) at chapter 4's
/// output layer: K = 10 classes, a mini-batch of 64 columns and the 10,000-image test set, and
/// 2^20 columns (40 MB per array, streamed from memory like the 4096x4096 elementwise cases).
#if __has_include("kernels/softmax.hpp")
#include "bench_util.hpp"
#include "kernels/softmax.hpp"

namespace dl::bench {
namespace {

/// A K x m one-hot label matrix (class j mod K for column j).
Tensor one_hot(int64_t K, int64_t m) {
    Tensor Y = Tensor::zeros(Shape::matrix(K, m));
    float* y = Y.data<float>();
    for (int64_t j = 0; j < m; ++j) y[j * K + j % K] = 1.0f;
    return Y;
}

const bool registered = on_register([](bool smoke) {
    const std::vector<int64_t> batches = smoke ? std::vector<int64_t>{3}
                                               : std::vector<int64_t>{64, 10000, int64_t{1} << 20};
    const int64_t K = 10;
    for (int64_t m : batches) {
        const std::string tag = std::to_string(K) + "x" + std::to_string(m);
        const double n = double(K) * double(m), F = sizeof(float);
        add("softmax/" + tag, "A = softmax(Z), " + tag, [=](benchmark::State& st) {
            const Tensor Z = randu(Shape::matrix(K, m), 21);
            Tensor A = Tensor::zeros(Z.shape());
            for (auto _ : st) {
                softmax(Z, A);
                benchmark::DoNotOptimize(A.raw());
                benchmark::ClobberMemory();
            }
            count_bytes(st, 2 * n * F);
        });
        add("softmax_cross_entropy/" + tag, "A, L, dZ = softmax-xent(Z, Y), " + tag,
            [=](benchmark::State& st) {
                const Tensor Z = randu(Shape::matrix(K, m), 22);
                const Tensor Y = one_hot(K, m);
                Tensor A = Tensor::zeros(Z.shape()), dZ = Tensor::zeros(Z.shape());
                Tensor L = Tensor::zeros(Shape::row(m));
                for (auto _ : st) {
                    softmax_cross_entropy(Z, Y, A, L, dZ);
                    benchmark::DoNotOptimize(dZ.raw());
                    benchmark::ClobberMemory();
                }
                count_bytes(st, 4 * n * F + double(m) * F);
            });
    }
});

}  // namespace
}  // namespace dl::bench
#endif
