/// @file bench_adam.cpp
/// @brief The Adam update (kernels/adam.hpp) on chapter 4's first weight matrix (256 x 784)
/// and from memory. Per element it reads W, dW, V, S and writes W, V, S: 28 bytes.
#if __has_include("kernels/adam.hpp")
#include "bench_util.hpp"
#include "kernels/adam.hpp"

namespace dl::bench {
namespace {

const bool registered = on_register([](bool smoke) {
    const auto sizes = matrix_cases(smoke, {{"256x784", 256, 784}, {"4096x4096", 4096, 4096}});
    for (const MatrixCase& z : sizes) {
        const int64_t r = z.r, c = z.c;
        const double n = double(r) * double(c), F = sizeof(float);
        add(std::string("adam_update/") + z.tag, std::string("Adam step, W ") + z.tag,
            [=](benchmark::State& st) {
                Tensor W = randu(Shape::matrix(r, c), 61);
                const Tensor dW = randu(Shape::matrix(r, c), 62);
                Tensor V = Tensor::zeros(W.shape()), S = Tensor::zeros(W.shape());
                const AdamParams p{};
                int64_t t = 0;
                for (auto _ : st) {
                    adam_update(W, dW, V, S, p, ++t);
                    benchmark::DoNotOptimize(W.raw());
                    benchmark::ClobberMemory();
                }
                count_bytes(st, 7 * n * F);
            });
    }
});

}  // namespace
}  // namespace dl::bench
#endif
