/// @file bench_broadcast.cpp
/// @brief Broadcast binary operations (kernels/broadcast.hpp): a column stretched over the
/// columns (Z + b), a row stretched over the rows (A / A.sum(axis=0)), at a chapter size and
/// from memory.
#if __has_include("kernels/broadcast.hpp")
#include "bench_util.hpp"
#include "kernels/broadcast.hpp"

namespace dl::bench {
namespace {

const bool registered = on_register([](bool smoke) {
    const auto sizes = matrix_cases(smoke, {{"256x64", 256, 64}, {"4096x4096", 4096, 4096}});
    for (const MatrixCase& z : sizes) {
        const int64_t r = z.r, c = z.c;
        const std::string tag = z.tag;
        const double n = double(r) * double(c), F = sizeof(float);
        add("broadcast/add_column/" + tag, "C = A + b (b a column), " + tag,
            [=](benchmark::State& st) {
                const Tensor A = randu(Shape::matrix(r, c), 51), b = randu(Shape::column(r), 52);
                Tensor C = Tensor::zeros(A.shape());
                for (auto _ : st) {
                    broadcast_binary(BinaryOp::Add, A, b, C);
                    benchmark::DoNotOptimize(C.raw());
                    benchmark::ClobberMemory();
                }
                count_bytes(st, 2 * n * F);
            });
        add("broadcast/divide_row/" + tag, "C = A / s (s a row), " + tag,
            [=](benchmark::State& st) {
                const Tensor A = randu(Shape::matrix(r, c), 53);
                Tensor s = randu(Shape::row(c), 54);
                for (float* p = s.data<float>(); p != s.data<float>() + c; ++p) *p += 10.0f;
                Tensor C = Tensor::zeros(A.shape());
                for (auto _ : st) {
                    broadcast_binary(BinaryOp::Divide, A, s, C);
                    benchmark::DoNotOptimize(C.raw());
                    benchmark::ClobberMemory();
                }
                count_bytes(st, 2 * n * F);
            });
    }
});

}  // namespace
}  // namespace dl::bench
#endif
