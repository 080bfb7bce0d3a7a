/// @file bench_dot.cpp
/// @brief The dot product and the full sum (kernels/dot.hpp) at chapter 3's size: the
/// lecture's two vectors of 1,000,000 elements.
#if __has_include("kernels/dot.hpp")
#include "bench_util.hpp"
#include "kernels/dot.hpp"

namespace dl::bench {
namespace {

const bool registered = on_register([](bool smoke) {
    const int64_t n = smoke ? 7 : 1000000;
    const std::string tag = std::to_string(n);
    const double F = sizeof(float);
    add("dot/" + tag, "a·b, two vectors of " + tag, [=](benchmark::State& st) {
        const Tensor a = randu(Shape::column(n), 41), b = randu(Shape::column(n), 42);
        Tensor out = Tensor::zeros(Shape::matrix(1, 1));
        for (auto _ : st) {
            dot(a, b, out);
            benchmark::DoNotOptimize(out.raw());
            benchmark::ClobberMemory();
        }
        count_bytes(st, 2 * double(n) * F);
    });
    add("sum_all/" + tag, "Σ x_i, " + tag, [=](benchmark::State& st) {
        const Tensor a = randu(Shape::column(n), 43);
        Tensor out = Tensor::zeros(Shape::matrix(1, 1));
        for (auto _ : st) {
            sum_all(a, out);
            benchmark::DoNotOptimize(out.raw());
            benchmark::ClobberMemory();
        }
        count_bytes(st, double(n) * F);
    });
});

}  // namespace
}  // namespace dl::bench
#endif
