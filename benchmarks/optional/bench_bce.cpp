/// @file bench_bce.cpp
/// @brief Binary cross-entropy from logits (kernels/bce.hpp) at chapter 2's size (the 455
/// training samples of Breast Cancer Wisconsin, one output unit) and at 16 Mi samples (64 MB per
/// array: streamed from memory, like the 4096x4096 elementwise cases).
#if __has_include("kernels/bce.hpp")
#include "bench_util.hpp"
#include "kernels/bce.hpp"

namespace dl::bench {
namespace {

const bool registered = on_register([](bool smoke) {
    const std::vector<int64_t> sizes = smoke ? std::vector<int64_t>{5}
                                             : std::vector<int64_t>{455, int64_t{1} << 24};
    for (int64_t m : sizes) {
        const std::string tag = "1x" + std::to_string(m);
        const double n = double(m), F = sizeof(float);
        add("bce_with_logits/" + tag, "A, L, dZ = bce(Z, Y), " + tag, [=](benchmark::State& st) {
            const Tensor Z = randu(Shape::row(m), 31);
            Tensor Y = Tensor::zeros(Shape::row(m));
            float* y = Y.data<float>();
            for (int64_t j = 0; j < m; j += 2) y[j] = 1.0f;
            Tensor A = Tensor::zeros(Z.shape()), L = Tensor::zeros(Z.shape()),
                   dZ = Tensor::zeros(Z.shape());
            for (auto _ : st) {
                bce_with_logits(Z, Y, A, L, dZ);
                benchmark::DoNotOptimize(dZ.raw());
                benchmark::ClobberMemory();
            }
            count_bytes(st, 5 * n * F);
        });
    }
});

}  // namespace
}  // namespace dl::bench
#endif
