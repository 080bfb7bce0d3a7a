/// @file bench_kernels.cpp
/// @brief The foundation's hot CPU kernels at the sizes the chapters use: matmul, bias,
/// activations (forward and backward), reductions and the SGD update.
///
/// The chapter shapes are those of chapter 4's MLP 784-256-128-10 on mini-batches of m = 64:
///
/// | step                         | product                 | M x K x N        |
/// |------------------------------|-------------------------|------------------|
/// | forward, layer 1             | Z1 = W1·X               | 256 x 784 x 64   |
/// | forward, layer 2             | Z2 = W2·A1              | 128 x 256 x 64   |
/// | forward, layer 3             | Z3 = W3·A2              | 10 x 128 x 64    |
/// | backward, layer 1 weights    | dW1 = dZ1·Xᵀ            | 256 x 64 x 784   |
/// | backward, into layer 1       | dA1 = W2ᵀ·dZ2           | 256 x 128 x 64   |
/// | test pass, layer 1           | Z1 = W1·X_test          | 256 x 784 x 10000|
///
/// Elementwise kernels and reductions are timed at the chapter size (in cache) and at 16 Mi
/// elements (64 MB per array, from memory). Outputs are written once before timing, so the
/// operating system's first-touch page faults are not counted as kernel time.
#include "bench_util.hpp"
#include "kernels/activation.hpp"
#include "kernels/bias.hpp"
#include "kernels/matmul.hpp"
#include "kernels/reduce.hpp"
#include "kernels/sgd.hpp"

namespace dl::bench {
namespace {

constexpr double kF = sizeof(float);

/// C = op(A)·op(B) with op(A) M x K and op(B) K x N: 2·M·N·K operations.
void matmul_bench(benchmark::State& st, int64_t M, int64_t K, int64_t N, Trans ta, Trans tb) {
    const Tensor A = randu(ta == Trans::N ? Shape::matrix(M, K) : Shape::matrix(K, M), 1);
    const Tensor B = randu(tb == Trans::N ? Shape::matrix(K, N) : Shape::matrix(N, K), 2);
    Tensor C = Tensor::zeros(Shape::matrix(M, N));
    for (auto _ : st) {
        matmul(A, B, C, ta, tb);
        benchmark::DoNotOptimize(C.raw());
        benchmark::ClobberMemory();
    }
    count_flops(st, 2.0 * double(M) * double(N) * double(K));
}

struct Gemm {
    const char* name;
    const char* label;
    int64_t M, K, N;
    Trans ta, tb;
};

const bool registered = on_register([](bool smoke) {
    // --- matmul: square sizes, then the chapter's shapes ------------------------------------
    const std::vector<int64_t> square =
        smoke ? std::vector<int64_t>{16} : std::vector<int64_t>{64, 128, 256, 512, 1024};
    for (int64_t n : square) {
        const std::string s = std::to_string(n);
        add("matmul/square/" + s, "C = A·B, " + s + "x" + s + "x" + s,
            [n](benchmark::State& st) { matmul_bench(st, n, n, n, Trans::N, Trans::N); });
    }
    const std::vector<Gemm> chapter = {
        {"matmul/ch04/W1X", "Z1 = W1·X, 256x784x64", 256, 784, 64, Trans::N, Trans::N},
        {"matmul/ch04/W2A1", "Z2 = W2·A1, 128x256x64", 128, 256, 64, Trans::N, Trans::N},
        {"matmul/ch04/W3A2", "Z3 = W3·A2, 10x128x64", 10, 128, 64, Trans::N, Trans::N},
        {"matmul/ch04/dW1", "dW1 = dZ1·Xᵀ, 256x64x784", 256, 64, 784, Trans::N, Trans::T},
        {"matmul/ch04/dA1", "dA1 = W2ᵀ·dZ2, 256x128x64", 256, 128, 64, Trans::T, Trans::N},
        {"matmul/ch04/test", "Z1 = W1·X_test, 256x784x10000", 256, 784, 10000, Trans::N,
         Trans::N},
    };
    for (const Gemm& g : chapter) {
        const int64_t d = smoke ? 3 : 1;  // smoke: the same shapes, shrunk
        const Gemm s{g.name, g.label, std::max<int64_t>(1, g.M / d), std::max<int64_t>(1, g.K / d),
                     std::max<int64_t>(1, g.N / (smoke ? 97 : 1)), g.ta, g.tb};
        add(g.name, g.label, [s](benchmark::State& st) {
            matmul_bench(st, s.M, s.K, s.N, s.ta, s.tb);
        });
    }

    // --- elementwise and reductions: (rows, cols) at chapter size and from memory ------------
    struct Size {
        const char* tag;
        int64_t rows, cols;
    };
    const std::vector<Size> sizes = smoke ? std::vector<Size>{{"7x5", 7, 5}}
                                          : std::vector<Size>{{"256x64", 256, 64},
                                                              {"4096x4096", 4096, 4096}};
    for (const Size& z : sizes) {
        const std::string tag = z.tag;
        const int64_t r = z.rows, c = z.cols;
        const double n = double(r) * double(c);

        add("bias/" + tag, "Z(:,j) += b, Z " + tag, [=](benchmark::State& st) {
            Tensor Z = randu(Shape::matrix(r, c), 3);
            const Tensor b = randu(Shape::column(r), 4);
            for (auto _ : st) {
                add_bias(Z, b);
                benchmark::DoNotOptimize(Z.raw());
                benchmark::ClobberMemory();
            }
            count_bytes(st, 2 * n * kF + double(r) * kF);
        });

        for (Activation g : {Activation::ReLU, Activation::LeakyReLU, Activation::Sigmoid,
                             Activation::Tanh}) {
            const std::string an = activation_name(g);
            add("activation_forward/" + an + "/" + tag, "A = " + an + "(Z), " + tag,
                [=](benchmark::State& st) {
                    const Tensor Z = randu(Shape::matrix(r, c), 5);
                    Tensor A = Tensor::zeros(Z.shape());
                    for (auto _ : st) {
                        activation_forward(g, Z, A);
                        benchmark::DoNotOptimize(A.raw());
                        benchmark::ClobberMemory();
                    }
                    count_bytes(st, 2 * n * kF);
                });
            add("activation_backward/" + an + "/" + tag, "dZ = dA ⊙ " + an + "'(Z), " + tag,
                [=](benchmark::State& st) {
                    const Tensor Z = randu(Shape::matrix(r, c), 6);
                    const Tensor dA = randu(Shape::matrix(r, c), 7);
                    Tensor dZ = Tensor::zeros(Z.shape());
                    for (auto _ : st) {
                        activation_backward(g, Z, dA, dZ);
                        benchmark::DoNotOptimize(dZ.raw());
                        benchmark::ClobberMemory();
                    }
                    count_bytes(st, 3 * n * kF);
                });
        }

        add("row_means/" + tag, "db = (1/m)·Σ_j dZ(:,j), " + tag, [=](benchmark::State& st) {
            const Tensor X = randu(Shape::matrix(r, c), 8);
            Tensor out = Tensor::zeros(Shape::column(r));
            for (auto _ : st) {
                row_means(X, out);
                benchmark::DoNotOptimize(out.raw());
                benchmark::ClobberMemory();
            }
            count_bytes(st, n * kF);
        });
        add("col_sums/" + tag, "Σ_i X(i,:), " + tag, [=](benchmark::State& st) {
            const Tensor X = randu(Shape::matrix(r, c), 9);
            Tensor out = Tensor::zeros(Shape::row(c));
            for (auto _ : st) {
                col_sums(X, out);
                benchmark::DoNotOptimize(out.raw());
                benchmark::ClobberMemory();
            }
            count_bytes(st, n * kF);
        });
    }

    // --- SGD on the weights of chapter 4's first layer, and from memory ----------------------
    const std::vector<Size> params = smoke ? std::vector<Size>{{"7x5", 7, 5}}
                                           : std::vector<Size>{{"256x784", 256, 784},
                                                               {"4096x4096", 4096, 4096}};
    for (const Size& z : params) {
        const int64_t r = z.rows, c = z.cols;
        const double n = double(r) * double(c);
        add(std::string("sgd_update/") + z.tag, std::string("W -= lr·dW, W ") + z.tag,
            [=](benchmark::State& st) {
                Tensor W = randu(Shape::matrix(r, c), 10);
                const Tensor dW = randu(Shape::matrix(r, c), 11);
                for (auto _ : st) {
                    sgd_update(W, dW, 1e-6f);
                    benchmark::DoNotOptimize(W.raw());
                    benchmark::ClobberMemory();
                }
                count_bytes(st, 3 * n * kF);
            });
    }
});

}  // namespace
}  // namespace dl::bench
