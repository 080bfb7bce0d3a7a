/// @file bench_lstm.cpp
/// @brief Chapter 7's sequence kernels at the character model's sizes: the fused LSTM cell
/// (kernels/lstm.hpp) for one step of H = 128 units and B = 32 streams, its backward pass, and
/// the sequence cross-entropy (kernels/sequence_xent.hpp) over 2,580 characters at 2,048
/// positions. All are memory-bound: each reports the bytes it must move.
#if __has_include("kernels/lstm.hpp") && __has_include("kernels/sequence_xent.hpp")
#include "bench_util.hpp"
#include "kernels/lstm.hpp"
#include "kernels/sequence_xent.hpp"

namespace dl::bench {
namespace {

const bool registered = on_register([](bool smoke) {
    const int64_t H = smoke ? 3 : 128, B = smoke ? 2 : 32;
    const std::string tag = std::to_string(H) + "x" + std::to_string(B);
    const double cells = double(H) * double(B), F = sizeof(float);
    add("lstm_cell_forward/" + tag, "gates, C_t, h_t of one step, H x B = " + tag,
        [=](benchmark::State& st) {
            const Tensor Z = randu(Shape::matrix(4 * H, B), 31), cp = randu(Shape::matrix(H, B), 32);
            Tensor g = Tensor::zeros(Z.shape()), c = Tensor::zeros(cp.shape()),
                   h = Tensor::zeros(cp.shape());
            for (auto _ : st) {
                lstm_cell_forward(Z, cp, g, c, h);
                benchmark::DoNotOptimize(h.raw());
                benchmark::ClobberMemory();
            }
            count_bytes(st, (4 + 1 + 4 + 1 + 1) * cells * F);  // read Z, C_{t−1}; write gates, C, h
        });
    add("lstm_cell_backward/" + tag, "dZ and dC_{t-1} of one step, H x B = " + tag,
        [=](benchmark::State& st) {
            const Tensor g = randu(Shape::matrix(4 * H, B), 33), cp = randu(Shape::matrix(H, B), 34);
            const Tensor c = randu(cp.shape(), 35), dh = randu(cp.shape(), 36);
            Tensor dc = randu(cp.shape(), 37), dZ = Tensor::zeros(g.shape());
            for (auto _ : st) {
                lstm_cell_backward(g, cp, c, dh, dc, dZ, dc);
                benchmark::DoNotOptimize(dZ.raw());
                benchmark::ClobberMemory();
            }
            count_bytes(st, (4 + 1 + 1 + 1 + 1 + 4 + 1) * cells * F);
        });
    const int64_t K = smoke ? 5 : 2580, N = smoke ? 4 : 2048;
    const std::string xtag = std::to_string(K) + "x" + std::to_string(N);
    add("softmax_cross_entropy_ids/" + xtag, "L, dZ against ids, K x N = " + xtag,
        [=](benchmark::State& st) {
            const Tensor Z = randu(Shape::matrix(K, N), 38);
            Tensor ids = Tensor::zeros(Shape::row(N)), L = Tensor::zeros(Shape::row(N));
            for (int64_t j = 0; j < N; ++j) ids.data<float>()[j] = float(j % K);
            Tensor dZ = Tensor::zeros(Z.shape());
            for (auto _ : st) {
                softmax_cross_entropy_ids(Z, ids, L, dZ);
                benchmark::DoNotOptimize(dZ.raw());
                benchmark::ClobberMemory();
            }
            count_bytes(st, 2.0 * double(K) * double(N) * F);  // read Z, write dZ
        });
});

}  // namespace
}  // namespace dl::bench
#endif
