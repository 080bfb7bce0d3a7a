/// @file bench_cuda.cpp
/// @brief The CUDA twins: first checked against their CPU twins, then timed.
///
/// 1. Validation. Every CUDA kernel runs on fresh random inputs, at the odd sizes of the parity
///    tests and at the chapter sizes, with its output filled with NaN before the launch (an
///    element never written fails), and is compared with its CPU twin by the parity tests'
///    rule (tests/tolerances.hpp): infinities must match exactly, NaN never agrees, and each
///    element may differ by the two twins' rounding-error bounds for that operation (derived
///    from its conditioning: K for products, the number of terms for sums, the library ulps of
///    exp and tanh). A kernel that disagrees stops the program (exit 1) before any timing.
/// 2. Timing. After warm-up, each kernel is timed with CUDA events, `inner` launches per
///    sample, and the median of many samples is reported: GFLOP/s for products (the course's
///    cuBLAS GEMM and its hand-written 32 x 32 tiled kernel, side by side), GB/s for elementwise
///    kernels and reductions, as a fraction of the bandwidth a device-to-device copy reaches.
///
/// With no GPU (or a build without CUDA) it prints why and exits 77 (CTest reports the smoke
/// pass as skipped), or 1 when DL_REQUIRE_GPU=1 is set; a GPU it cannot use (a driver too old
/// for this build, another CUDA error) is a failure: exit 1.
/// `--json` adds the results as one JSON line at the end.
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "core/device.hpp"
#include "core/rng.hpp"
#include "core/tensor.hpp"
#include "kernels/activation.hpp"
#include "kernels/bias.hpp"
#include "kernels/matmul.hpp"
#include "kernels/reduce.hpp"
#include "kernels/sgd.hpp"
#include "../tests/tolerances.hpp"
// Kernels added by later chapters: validated and timed when their contract exists.
#if __has_include("kernels/softmax.hpp")
#include "kernels/softmax.hpp"
#define BENCH_HAVE_SOFTMAX 1
#endif
#if __has_include("kernels/bce.hpp")
#include "kernels/bce.hpp"
#define BENCH_HAVE_BCE 1
#endif
#if __has_include("kernels/dot.hpp")
#include "kernels/dot.hpp"
#define BENCH_HAVE_DOT 1
#endif
#if __has_include("kernels/broadcast.hpp")
#include "kernels/broadcast.hpp"
#define BENCH_HAVE_BROADCAST 1
#endif
#if __has_include("kernels/adam.hpp")
#include "kernels/adam.hpp"
#define BENCH_HAVE_ADAM 1
#endif
#if __has_include("kernels/momentum.hpp")
#include "kernels/momentum.hpp"
#define BENCH_HAVE_MOMENTUM 1
#endif

namespace {

using dl::Device;
using dl::Shape;
using dl::Tensor;
using dl::Trans;

bool g_smoke = false;

#define BENCH_CUDA(call)                                                                  \
    do {                                                                                  \
        cudaError_t e_ = (call);                                                          \
        if (e_ != cudaSuccess) dl::fail(#call, " failed: ", cudaGetErrorString(e_));      \
    } while (0)

Tensor randu(const Shape& s, dl::Rng& rng, double lo = -3.0, double hi = 3.0) {
    Tensor t(s);
    float* p = t.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(rng.uniform(lo, hi));
    return t;
}
Tensor poisoned_gpu(const Shape& s) {
    return Tensor::full(s, std::numeric_limits<double>::quiet_NaN(), dl::DType::F32, Device::CUDA);
}

struct Check {
    std::string kernel;
    std::string shape;
    dl::test::Agreement agreement;
};
std::vector<Check> g_checks;

/// The GPU result against its CPU twin: each twin within `bound` (tests/tolerances.hpp).
void check(const std::string& kernel, const std::string& shape, const Tensor& gpu,
           const Tensor& cpu, const std::vector<double>& bound) {
    g_checks.push_back({kernel, shape, dl::test::agree(gpu, cpu, bound, dl::test::kTwins)});
}

std::string dims(int64_t r, int64_t c) { return std::to_string(r) + "x" + std::to_string(c); }

/// A K x m one-hot label matrix (class (j·7) mod K for column j).
Tensor one_hot(int64_t K, int64_t m) {
    Tensor Y = Tensor::zeros(Shape::matrix(K, m));
    float* y = Y.data<float>();
    for (int64_t j = 0; j < m; ++j) y[j * K + (j * 7) % K] = 1.0f;
    return Y;
}

/// The kernels of chapters 2, 3 and 5 (softmax, BCE, dot, broadcast, Adam, momentum).
void validate_later_kernels(int64_t r, int64_t c, const std::string& sh, dl::Rng& rng) {
    (void)r, (void)c, (void)sh, (void)rng;
    const Device G = Device::CUDA;
#ifdef BENCH_HAVE_SOFTMAX
    {
        const Tensor Z = randu(Shape::matrix(r, c), rng), Y = one_hot(r, c);
        Tensor A(Z.shape()), L(Shape::row(c)), dZ(Z.shape()), S(Z.shape());
        dl::softmax(Z, S);
        dl::softmax_cross_entropy(Z, Y, A, L, dZ);
        const Tensor Zg = Z.to(G), Yg = Y.to(G);
        Tensor Sg = poisoned_gpu(Z.shape()), Ag = poisoned_gpu(Z.shape()),
               Lg = poisoned_gpu(L.shape()), dZg = poisoned_gpu(Z.shape());
        dl::softmax(Zg, Sg);
        dl::softmax_cross_entropy(Zg, Yg, Ag, Lg, dZg);
        const dl::test::bound::SoftmaxBounds bd = dl::test::bound::softmax(Z, &Y);
        check("softmax", sh, Sg, S, bd.A);
        check("softmax_cross_entropy A", sh, Ag, A, bd.A);
        check("softmax_cross_entropy L", sh, Lg, L, bd.L);
        check("softmax_cross_entropy dZ", sh, dZg, dZ, bd.dZ);
    }
#endif
#ifdef BENCH_HAVE_BCE
    {
        const Tensor Z = randu(Shape::matrix(r, c), rng), Y = randu(Shape::matrix(r, c), rng, 0, 1);
        Tensor A(Z.shape()), L(Z.shape()), dZ(Z.shape());
        dl::bce_with_logits(Z, Y, A, L, dZ);
        Tensor Ag = poisoned_gpu(Z.shape()), Lg = poisoned_gpu(Z.shape()),
               dZg = poisoned_gpu(Z.shape());
        dl::bce_with_logits(Z.to(G), Y.to(G), Ag, Lg, dZg);
        const dl::test::bound::BceBounds bd = dl::test::bound::bce(Z, Y);
        check("bce_with_logits A", sh, Ag, A, bd.A);
        check("bce_with_logits L", sh, Lg, L, bd.L);
        check("bce_with_logits dZ", sh, dZg, dZ, bd.dZ);
    }
#endif
#ifdef BENCH_HAVE_DOT
    {
        const Tensor a = randu(Shape::matrix(r, c), rng), b = randu(Shape::matrix(r, c), rng);
        Tensor d(Shape::matrix(1, 1)), s(Shape::matrix(1, 1));
        dl::dot(a, b, d);
        dl::sum_all(a, s);
        Tensor dg = poisoned_gpu(d.shape()), sg = poisoned_gpu(s.shape());
        dl::dot(a.to(G), b.to(G), dg);
        dl::sum_all(a.to(G), sg);
        // Any summation order (the CPU twin's and the GPU's trees differ): γ_n·Σ|terms|.
        const double n = double(r * c);
        check("dot", sh, dg, d, dl::test::bound::dot(a, &b, n));
        check("sum_all", sh, sg, s, dl::test::bound::dot(a, nullptr, n));
    }
#endif
#ifdef BENCH_HAVE_BROADCAST
    for (dl::BinaryOp op : {dl::BinaryOp::Add, dl::BinaryOp::Subtract, dl::BinaryOp::Multiply,
                            dl::BinaryOp::Divide}) {
        const Tensor A = randu(Shape::matrix(r, c), rng);
        const Tensor col = randu(Shape::column(r), rng, 0.5, 2.0);
        const Tensor row = randu(Shape::row(c), rng, 0.5, 2.0);
        for (const Tensor* B : {&col, &row}) {
            Tensor C(A.shape());
            dl::broadcast_binary(op, A, *B, C);
            Tensor Cg = poisoned_gpu(A.shape());
            dl::broadcast_binary(op, A.to(G), B->to(G), Cg);
            check(std::string("broadcast ") + dl::binary_op_name(op) +
                      (B == &col ? " column" : " row"),
                  sh, Cg, C, dl::test::bound::roundings(C.values(), 2));
        }
    }
#endif
#ifdef BENCH_HAVE_ADAM
    {
        Tensor W = randu(Shape::matrix(r, c), rng), V = randu(Shape::matrix(r, c), rng, 0, 0.1),
               S = randu(Shape::matrix(r, c), rng, 0, 0.1);
        const Tensor dW = randu(Shape::matrix(r, c), rng);
        Tensor Wg = W.to(G), Vg = V.to(G), Sg = S.to(G);
        const dl::AdamParams p{};
        const dl::test::bound::UpdateBounds bd =
            dl::test::bound::adam(W, dW, V, S, p.lr, p.beta1, p.beta2, p.eps, 3);
        dl::adam_update(W, dW, V, S, p, 3);
        dl::adam_update(Wg, dW.to(G), Vg, Sg, p, 3);
        check("adam_update W", sh, Wg, W, bd.W);
        check("adam_update V", sh, Vg, V, bd.V);
        check("adam_update S", sh, Sg, S, bd.S);
    }
#endif
#ifdef BENCH_HAVE_MOMENTUM
    {
        Tensor W = randu(Shape::matrix(r, c), rng), V = randu(Shape::matrix(r, c), rng);
        const Tensor dW = randu(Shape::matrix(r, c), rng);
        Tensor Wg = W.to(G), Vg = V.to(G);
        const dl::test::bound::UpdateBounds bd = dl::test::bound::momentum(W, dW, V, 0.1, 0.9);
        dl::momentum_update(W, dW, V, 0.1f, 0.9f);
        dl::momentum_update(Wg, dW.to(G), Vg, 0.1f, 0.9f);
        check("momentum_update W", sh, Wg, W, bd.W);
        check("momentum_update V", sh, Vg, V, bd.V);
    }
#endif
}

/// Validates every CUDA kernel against its CPU twin.
void validate() {
    dl::Rng rng(2024);
    std::vector<std::pair<int64_t, int64_t>> sizes = {{1, 1},   {7, 13}, {129, 67},
                                                      {1, 300}, {300, 1}, {33, 65},
                                                      {256, 64}};
    for (auto [r, c] : sizes) {
        const std::string sh = dims(r, c);
        // Products, every transpose: op(A) r x k, op(B) k x c with an odd k.
        const int64_t k = 37;
        for (Trans ta : {Trans::N, Trans::T})
            for (Trans tb : {Trans::N, Trans::T}) {
                const Tensor A = randu(ta == Trans::N ? Shape::matrix(r, k) : Shape::matrix(k, r), rng);
                const Tensor B = randu(tb == Trans::N ? Shape::matrix(k, c) : Shape::matrix(c, k), rng);
                Tensor C(Shape::matrix(r, c));
                dl::matmul(A, B, C, ta, tb);
                const Tensor Ag = A.to(Device::CUDA), Bg = B.to(Device::CUDA);
                const std::string tag = std::string(ta == Trans::N ? "N" : "T") +
                                        (tb == Trans::N ? "N" : "T");
                Tensor Cg = poisoned_gpu(C.shape());
                dl::matmul(Ag, Bg, Cg, ta, tb);
                const auto bd = dl::test::bound::matmul(A, B, C, ta, tb, 1.0, 0.0);
                check("matmul (cuBLAS) " + tag, sh + " k=37", Cg, C, bd);
                Tensor Ct = poisoned_gpu(C.shape());
                dl::check_matmul(Ag, Bg, Ct, ta, tb);
                dl::cuda::matmul_tiled(Ag, Bg, Ct, ta, tb, 1.0f, 0.0f);
                check("matmul_tiled " + tag, sh + " k=37", Ct, C, bd);
            }
        // Bias.
        {
            Tensor Z = randu(Shape::matrix(r, c), rng);
            const Tensor b = randu(Shape::column(r), rng);
            Tensor Zg = Z.to(Device::CUDA);
            dl::add_bias(Z, b);
            dl::add_bias(Zg, b.to(Device::CUDA));
            check("add_bias", sh, Zg, Z, dl::test::bound::add_bias(Z));
        }
        // Activations.
        for (dl::Activation g : {dl::Activation::Identity, dl::Activation::Step,
                                 dl::Activation::Sign, dl::Activation::Sigmoid,
                                 dl::Activation::Tanh, dl::Activation::ReLU,
                                 dl::Activation::LeakyReLU}) {
            const Tensor Z = randu(Shape::matrix(r, c), rng), dA = randu(Shape::matrix(r, c), rng);
            Tensor A(Z.shape()), dZ(Z.shape());
            dl::activation_forward(g, Z, A);
            dl::activation_backward(g, Z, dA, dZ);
            const Tensor Zg = Z.to(Device::CUDA), dAg = dA.to(Device::CUDA);
            Tensor Ag = poisoned_gpu(Z.shape()), dZg = poisoned_gpu(Z.shape());
            dl::activation_forward(g, Zg, Ag);
            dl::activation_backward(g, Zg, dAg, dZg);
            check(std::string("activation_forward ") + dl::activation_name(g), sh, Ag, A,
                  dl::test::bound::activation_forward(g, Z, 0.01));
            check(std::string("activation_backward ") + dl::activation_name(g), sh, dZg, dZ,
                  dl::test::bound::activation_backward(g, Z, dA, 0.01));
        }
        // Reductions.
        {
            const Tensor X = randu(Shape::matrix(r, c), rng);
            Tensor rs(Shape::column(r)), cs(Shape::row(c));
            dl::row_means(X, rs);
            dl::col_sums(X, cs);
            const Tensor Xg = X.to(Device::CUDA);
            Tensor rsg = poisoned_gpu(rs.shape()), csg = poisoned_gpu(cs.shape());
            dl::row_means(Xg, rsg);
            dl::col_sums(Xg, csg);
            check("row_means", sh, rsg, rs, dl::test::bound::row_sums(X, 1.0 / double(c)));
            check("col_sums", sh, csg, cs, dl::test::bound::col_sums(X, 1.0));
        }
        // SGD.
        {
            Tensor W = randu(Shape::matrix(r, c), rng);
            const Tensor dW = randu(Shape::matrix(r, c), rng);
            Tensor Wg = W.to(Device::CUDA);
            const auto sgd_bound = dl::test::bound::sgd(W, dW, 0.1);
            dl::sgd_update(W, dW, 0.1f);
            dl::sgd_update(Wg, dW.to(Device::CUDA), 0.1f);
            check("sgd_update", sh, Wg, W, sgd_bound);
        }
        validate_later_kernels(r, c, sh, rng);
    }
}

/// Median time in milliseconds of one call of `fn`, timed with CUDA events.
double median_ms(const std::function<void()>& fn) {
    const int warmup = g_smoke ? 1 : 5, samples = g_smoke ? 1 : 31, inner = g_smoke ? 1 : 10;
    for (int i = 0; i < warmup; ++i) fn();
    BENCH_CUDA(cudaDeviceSynchronize());
    cudaEvent_t start, stop;
    BENCH_CUDA(cudaEventCreate(&start));
    BENCH_CUDA(cudaEventCreate(&stop));
    std::vector<double> ms;
    for (int s = 0; s < samples; ++s) {
        BENCH_CUDA(cudaEventRecord(start));
        for (int i = 0; i < inner; ++i) fn();
        BENCH_CUDA(cudaEventRecord(stop));
        BENCH_CUDA(cudaEventSynchronize(stop));
        float t = 0.0f;
        BENCH_CUDA(cudaEventElapsedTime(&t, start, stop));
        ms.push_back(double(t) / inner);
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

struct Row {
    std::string name, label;
    double ms, flops, bytes;  // per call
    std::string baseline;     // "cublas" or "copy": what the fraction refers to
};
std::vector<Row> g_rows;

void time_gemm(const std::string& name, const std::string& label, int64_t M, int64_t K, int64_t N,
               Trans ta, Trans tb, dl::Rng& rng) {
    const Tensor A = randu(ta == Trans::N ? Shape::matrix(M, K) : Shape::matrix(K, M), rng)
                         .to(Device::CUDA);
    const Tensor B = randu(tb == Trans::N ? Shape::matrix(K, N) : Shape::matrix(N, K), rng)
                         .to(Device::CUDA);
    Tensor C(Shape::matrix(M, N), dl::DType::F32, Device::CUDA);
    const double flops = 2.0 * double(M) * double(N) * double(K);
    g_rows.push_back({"cuda/matmul_cublas/" + name, label + " (cuBLAS)",
                      median_ms([&] { dl::matmul(A, B, C, ta, tb); }), flops, 0, "cublas"});
    g_rows.push_back({"cuda/matmul_tiled/" + name, label + " (tiled 32x32)",
                      median_ms([&] { dl::cuda::matmul_tiled(A, B, C, ta, tb, 1.0f, 0.0f); }),
                      flops, 0, "cublas"});
}

void time_all() {
    dl::Rng rng(7);
    // Bandwidth ceiling: a device-to-device copy, each byte read once and written once.
    const int64_t big = g_smoke ? 4096 : int64_t{64} << 20;  // 64 Mi floats: 256 MB
    {
        Tensor src = randu(Shape::matrix(big, 1), rng).to(Device::CUDA);
        Tensor dst(src.shape(), dl::DType::F32, Device::CUDA);
        const double bytes = 2.0 * double(big) * 4.0;
        g_rows.push_back({"cuda/ceiling/memory_copy", "device-to-device copy 256 MB",
                          median_ms([&] {
                              BENCH_CUDA(cudaMemcpyAsync(dst.raw(), src.raw(),
                                                         std::size_t(big) * 4,
                                                         cudaMemcpyDeviceToDevice));
                          }),
                          0, bytes, "copy"});
    }
    // Products.
    const std::vector<int64_t> square = g_smoke ? std::vector<int64_t>{16}
                                                : std::vector<int64_t>{256, 512, 1024, 2048, 4096};
    for (int64_t n : square) {
        const std::string s = std::to_string(n);
        time_gemm("square/" + s, "C = A·B " + s + "x" + s + "x" + s, n, n, n, Trans::N, Trans::N,
                  rng);
    }
    if (!g_smoke) {
        time_gemm("ch04/W1X", "Z1 = W1·X 256x784x64", 256, 784, 64, Trans::N, Trans::N, rng);
        time_gemm("ch04/dW1", "dW1 = dZ1·Xᵀ 256x64x784", 256, 64, 784, Trans::N, Trans::T, rng);
        time_gemm("ch04/dA1", "dA1 = W2ᵀ·dZ2 256x128x64", 256, 128, 64, Trans::T, Trans::N, rng);
        time_gemm("ch04/test", "Z1 = W1·X_test 256x784x10000", 256, 784, 10000, Trans::N,
                  Trans::N, rng);
    }
    // Elementwise kernels and reductions, from memory (16 Mi elements).
    const int64_t r = g_smoke ? 7 : 4096, c = g_smoke ? 5 : 4096;
    const double n = double(r) * double(c), F = 4.0;
    const std::string sh = dims(r, c);
    Tensor Z = randu(Shape::matrix(r, c), rng).to(Device::CUDA);
    Tensor dA = randu(Shape::matrix(r, c), rng).to(Device::CUDA);
    Tensor A(Z.shape(), dl::DType::F32, Device::CUDA), dZ(Z.shape(), dl::DType::F32, Device::CUDA);
    Tensor b = randu(Shape::column(r), rng).to(Device::CUDA);
    Tensor rs(Shape::column(r), dl::DType::F32, Device::CUDA);
    Tensor cs(Shape::row(c), dl::DType::F32, Device::CUDA);
    g_rows.push_back({"cuda/bias/" + sh, "Z(:,j) += b " + sh,
                      median_ms([&] { dl::add_bias(A, b); }), 0, 2 * n * F, "copy"});
    for (dl::Activation g : {dl::Activation::ReLU, dl::Activation::Sigmoid, dl::Activation::Tanh}) {
        const std::string an = dl::activation_name(g);
        g_rows.push_back({"cuda/activation_forward/" + an + "/" + sh, an + "(Z) " + sh,
                          median_ms([&] { dl::activation_forward(g, Z, A); }), 0, 2 * n * F,
                          "copy"});
        g_rows.push_back({"cuda/activation_backward/" + an + "/" + sh, an + "'(Z)⊙dA " + sh,
                          median_ms([&] { dl::activation_backward(g, Z, dA, dZ); }), 0,
                          3 * n * F, "copy"});
    }
    g_rows.push_back({"cuda/row_means/" + sh, "row means " + sh,
                      median_ms([&] { dl::row_means(Z, rs); }), 0, n * F, "copy"});
    g_rows.push_back({"cuda/col_sums/" + sh, "column sums " + sh,
                      median_ms([&] { dl::col_sums(Z, cs); }), 0, n * F, "copy"});
    g_rows.push_back({"cuda/sgd_update/" + sh, "W -= lr·dW " + sh,
                      median_ms([&] { dl::sgd_update(A, dZ, 1e-6f); }), 0, 3 * n * F, "copy"});
#ifdef BENCH_HAVE_SOFTMAX
    {
        const int64_t K = 10, m = g_smoke ? 3 : 1 << 20;
        const std::string t = dims(K, m);
        const double e = double(K) * double(m);
        Tensor Zs = randu(Shape::matrix(K, m), rng).to(Device::CUDA);
        Tensor Ys = one_hot(K, m).to(Device::CUDA);
        Tensor As(Zs.shape(), dl::DType::F32, Device::CUDA), dZs = As.clone();
        Tensor Ls(Shape::row(m), dl::DType::F32, Device::CUDA);
        g_rows.push_back({"cuda/softmax/" + t, "softmax " + t,
                          median_ms([&] { dl::softmax(Zs, As); }), 0, 2 * e * F, "copy"});
        g_rows.push_back({"cuda/softmax_cross_entropy/" + t, "softmax-xent " + t,
                          median_ms([&] { dl::softmax_cross_entropy(Zs, Ys, As, Ls, dZs); }), 0,
                          4 * e * F + double(m) * F, "copy"});
    }
#endif
#ifdef BENCH_HAVE_BCE
    {
        Tensor L(Z.shape(), dl::DType::F32, Device::CUDA);
        g_rows.push_back({"cuda/bce_with_logits/" + sh, "bce(Z, Y) " + sh,
                          median_ms([&] { dl::bce_with_logits(Z, dA, A, L, dZ); }), 0, 5 * n * F,
                          "copy"});
    }
#endif
#ifdef BENCH_HAVE_DOT
    {
        Tensor out(Shape::matrix(1, 1), dl::DType::F32, Device::CUDA);
        g_rows.push_back({"cuda/dot/" + sh, "a·b " + sh, median_ms([&] { dl::dot(Z, dA, out); }),
                          0, 2 * n * F, "copy"});
        g_rows.push_back({"cuda/sum_all/" + sh, "Σ x " + sh,
                          median_ms([&] { dl::sum_all(Z, out); }), 0, n * F, "copy"});
    }
#endif
#ifdef BENCH_HAVE_BROADCAST
    g_rows.push_back({"cuda/broadcast/add_column/" + sh, "A + b (column) " + sh,
                      median_ms([&] { dl::broadcast_binary(dl::BinaryOp::Add, Z, b, A); }), 0,
                      2 * n * F, "copy"});
#endif
#ifdef BENCH_HAVE_ADAM
    {
        Tensor V = Tensor::zeros(Z.shape(), dl::DType::F32, Device::CUDA), S = V.clone();
        int64_t t = 0;
        g_rows.push_back({"cuda/adam_update/" + sh, "Adam step " + sh, median_ms([&] {
                              dl::adam_update(A, dA, V, S, dl::AdamParams{}, ++t);
                          }),
                          0, 7 * n * F, "copy"});
    }
#endif
#ifdef BENCH_HAVE_MOMENTUM
    {
        Tensor V = Tensor::zeros(Z.shape(), dl::DType::F32, Device::CUDA);
        g_rows.push_back({"cuda/momentum_update/" + sh, "momentum step " + sh,
                          median_ms([&] { dl::momentum_update(A, dA, V, 1e-6f, 0.9f); }), 0,
                          5 * n * F, "copy"});
    }
#endif
}

std::string json_escape(const std::string& s) {
    std::string o;
    for (char ch : s) {
        if (ch == '"' || ch == '\\') o += '\\';
        o += ch;
    }
    return o;
}

int run(bool json) {
    const dl::CudaStatus status = dl::cuda_status();
    if (status.state != dl::CudaState::Usable) {
        // No GPU: nothing to measure (77, skipped), unless the caller demands a GPU. A GPU
        // that cannot be used (an old driver, a CUDA error) is always a failure.
        const bool skip = status.state != dl::CudaState::Broken && !dl::gpu_required();
        std::cout << "bench_cuda: GPU benchmarks " << (skip ? "skipped" : "failed") << ": "
                  << status.reason
                  << (skip || status.state == dl::CudaState::Broken ? "" : " (DL_REQUIRE_GPU=1)")
                  << "\n";
        if (json)
            std::cout << "{\"program\": \"bench_cuda\", \"skipped\": " << (skip ? "true" : "false")
                      << ", \"reason\": \"" << json_escape(status.reason) << "\"}\n";
        return skip ? 77 : 1;
    }
    const std::string gpu = dl::cuda_device_name();
    std::cout << "GPU: " << gpu << "\n\nValidation against the CPU twins\n";
    validate();
    int bad = 0;
    double closest = 0;
    for (const auto& c : g_checks) {
        closest = std::max(closest, c.agreement.ratio);
        if (!c.agreement.ok) {
            ++bad;
            std::cout << "  MISMATCH " << c.kernel << " " << c.shape << ": "
                      << c.agreement.str() << "\n";
        }
    }
    std::cout << "  " << g_checks.size() - bad << " of " << g_checks.size()
              << " kernel/shape pairs agree (largest error " << closest
              << " of its bound)\n";
    if (bad) {
        std::cerr << "bench_cuda: " << bad << " CUDA kernel result(s) disagree with the CPU; "
                  << "not timing\n";
        return 1;
    }

    time_all();
    double copy_gbs = 0.0;
    for (const auto& r : g_rows)
        if (r.name == "cuda/ceiling/memory_copy") copy_gbs = r.bytes / r.ms / 1e6;
    std::printf("\n%-44s %10s %10s %10s %8s\n", "kernel", "ms", "GFLOP/s", "GB/s", "of ceil");
    std::string jrows;
    for (const auto& r : g_rows) {
        const double gflops = r.flops / r.ms / 1e6, gbs = r.bytes / r.ms / 1e6;
        double frac = 0.0;
        if (r.baseline == "copy" && copy_gbs > 0) frac = gbs / copy_gbs;
        if (r.baseline == "cublas") {
            const std::string shape = r.name.substr(r.name.find('/', 5) + 1);
            for (const auto& o : g_rows)
                if (o.name == "cuda/matmul_cublas/" + shape) frac = gflops / (o.flops / o.ms / 1e6);
        }
        std::printf("%-44s %10.4f %10.1f %10.1f %7.0f%%\n", r.name.c_str(), r.ms,
                    r.flops ? gflops : 0.0, r.bytes ? gbs : 0.0, 100 * frac);
        char buf[512];
        std::snprintf(buf, sizeof buf,
                      "%s{\"name\": \"%s\", \"label\": \"%s\", \"ms\": %.6g, \"gflops\": %.6g, "
                      "\"gbps\": %.6g, \"fraction\": %.4f, \"baseline\": \"%s\"}",
                      jrows.empty() ? "" : ", ", json_escape(r.name).c_str(),
                      json_escape(r.label).c_str(), r.ms, r.flops ? gflops : 0.0,
                      r.bytes ? gbs : 0.0, frac, r.baseline.c_str());
        jrows += buf;
    }
    if (json)
        std::cout << "{\"program\": \"bench_cuda\", \"skipped\": false, \"gpu\": \""
                  << json_escape(gpu) << "\", \"validated\": " << g_checks.size()
                  << ", \"largest_error_of_bound\": " << closest
                  << ", \"copy_gbps\": " << copy_gbs << ", \"rows\": [" << jrows << "]}\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--smoke") {
            g_smoke = true;
        } else if (a == "--json") {
            json = true;
        } else if (a == "--help" || a == "-h") {
            std::cout << "usage: bench_cuda [--smoke] [--json]\n"
                         "  validates every CUDA kernel against its CPU twin, then times it\n"
                         "  --smoke   tiny sizes, one timed launch each (the CTest pass)\n"
                         "  --json    print the results as one JSON line at the end\n"
                         "  exits 77 when no GPU can be used\n";
            return 0;
        } else {
            std::cerr << "bench_cuda: unknown flag '" << a << "' (see --help)\n";
            return 2;
        }
    }
    try {
        return run(json);
    } catch (const std::exception& e) {
        std::cerr << "bench_cuda: " << e.what() << "\n";
        return 1;
    }
}
