/// @file bench_momentum.cpp
/// @brief The momentum update (kernels/momentum.hpp) on chapter 4's first weight matrix
/// (256 x 784) and from memory. Per element it reads W, dW, V and writes W, V: 20 bytes.
#if __has_include("kernels/momentum.hpp")
#include "bench_util.hpp"
#include "kernels/momentum.hpp"

namespace dl::bench {
namespace {

const bool registered = on_register([](bool smoke) {
    const auto sizes = matrix_cases(smoke, {{"256x784", 256, 784}, {"4096x4096", 4096, 4096}});
    for (const MatrixCase& z : sizes) {
        const int64_t r = z.r, c = z.c;
        const double n = double(r) * double(c), F = sizeof(float);
        add(std::string("momentum_update/") + z.tag, std::string("momentum step, W ") + z.tag,
            [=](benchmark::State& st) {
                Tensor W = randu(Shape::matrix(r, c), 71);
                const Tensor dW = randu(Shape::matrix(r, c), 72);
                Tensor V = Tensor::zeros(W.shape());
                for (auto _ : st) {
                    momentum_update(W, dW, V, 1e-6f, 0.9f);
                    benchmark::DoNotOptimize(W.raw());
                    benchmark::ClobberMemory();
                }
                count_bytes(st, 5 * n * F);
            });
    }
});

}  // namespace
}  // namespace dl::bench
#endif
