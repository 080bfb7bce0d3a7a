// Chapter 4's kernels: Adam, momentum, mini-batch gathering and the running metrics.
// Hand-computed values on the CPU, then CPU vs CUDA parity on odd sizes (outputs poisoned with
// NaN first). Tolerances from tests/tolerances.hpp, each twin allowed its bound: Adam's and
// momentum's per-element error propagated through each line of the update (1 − β₂ computed in
// float32 carries 1,000 u of β₂'s rounding); a pixel times its scale, two roundings; one-hot
// labels and correct counts exact; the running loss a sum of m terms, γ_m·Σ|L|.
#include <algorithm>
#include <cmath>
#include <limits>

#include "data/dataset.hpp"
#include "kernels/adam.hpp"
#include "kernels/batch.hpp"
#include "kernels/metrics.hpp"
#include "kernels/momentum.hpp"
#include "test_util.hpp"

using namespace dl;

TEST(Adam, FirstStepMovesEachWeightByTheLearningRate) {
    // t = 1: V = (1 − β₁)dW, S = (1 − β₂)dW², V̂ = dW, Ŝ = dW²: W ← W − α·dW/(|dW| + ε).
    Tensor W = Tensor::from_values(Shape::row(3), {1, 1, 1});
    Tensor dW = Tensor::from_values(Shape::row(3), {0.5, -2, 0});
    Tensor V = Tensor::zeros(W.shape()), S = Tensor::zeros(W.shape());
    AdamParams p;
    p.lr = 0.1f;
    adam_update(W, dW, V, S, p, 1);
    const auto w = W.values(), v = V.values(), s = S.values();
    EXPECT_NEAR(w[0], 0.9, 1e-6);
    EXPECT_NEAR(w[1], 1.1, 1e-6);
    EXPECT_EQ(w[2], 1.0);
    EXPECT_NEAR(v[0], 0.05, 1e-7);      // 0.1 · 0.5
    EXPECT_NEAR(s[1], 0.004, 1e-7);     // (1 − 0.999) · 4, in float32
}

TEST(Adam, SecondStepHandComputed) {
    Tensor W = Tensor::from_values(Shape::row(1), {0.0});
    Tensor V = Tensor::zeros(W.shape()), S = Tensor::zeros(W.shape());
    AdamParams p;
    p.lr = 0.01f;
    adam_update(W, Tensor::from_values(Shape::row(1), {1.0}), V, S, p, 1);
    adam_update(W, Tensor::from_values(Shape::row(1), {3.0}), V, S, p, 2);
    // V = 0.9·0.1 + 0.1·3 = 0.39, V̂ = 0.39/0.19; S = 0.999·0.001 + 0.001·9 = 0.009999,
    // Ŝ = 0.009999/0.001999; W = −0.01 − 0.01·V̂/(√Ŝ + 1e-8).
    const double vh = 0.39 / 0.19, sh = 0.009999 / (1 - 0.999 * 0.999);
    EXPECT_NEAR(W.at(0, 0), -0.01 - 0.01 * vh / (std::sqrt(sh) + 1e-8), 1e-6);
}

TEST(Adam, RejectsStepZeroAndMismatchedShapes) {
    Tensor W = Tensor::zeros(Shape::row(2)), V = Tensor::zeros(Shape::row(2));
    Tensor S = Tensor::zeros(Shape::row(2)), bad = Tensor::zeros(Shape::row(3));
    EXPECT_THROW(adam_update(W, W, V, S, AdamParams{}, 0), Error);
    EXPECT_THROW(adam_update(W, bad, V, S, AdamParams{}, 1), Error);
}

TEST(Momentum, HandComputed) {
    Tensor W = Tensor::from_values(Shape::row(2), {1, 2});
    Tensor V = Tensor::from_values(Shape::row(2), {0.5, 0});
    momentum_update(W, Tensor::from_values(Shape::row(2), {1, -1}), V, 0.1f, 0.9f);
    // V = 0.9·0.5 + 0.1·1 = 0.55, W = 1 − 0.055; V = −0.1, W = 2 + 0.01.
    EXPECT_NEAR(V.at(0, 0), 0.55, 1e-7);
    EXPECT_NEAR(W.at(0, 0), 0.945, 1e-7);
    EXPECT_NEAR(W.at(0, 1), 2.01, 1e-7);
    EXPECT_THROW(momentum_update(W, W, V, 0.1f, 1.0f), Error);
}

namespace {
struct ByteSet {
    std::vector<uint8_t> px;
    std::vector<int32_t> labels;
};
ByteSet make_bytes(int64_t n, int64_t N, int K, Rng& rng) {
    ByteSet b;
    for (int64_t i = 0; i < n * N; ++i) b.px.push_back(uint8_t(rng.below(256)));
    for (int64_t j = 0; j < N; ++j) b.labels.push_back(int32_t(rng.below(K)));
    return b;
}
}  // namespace

TEST(GatherBatch, ConvertsTheChosenColumns) {
    // Three 2-pixel images, labels 2, 0, 1; the batch takes images 2 then 0.
    DeviceArray<uint8_t> px(std::vector<uint8_t>{10, 20, 30, 40, 255, 0}, Device::CPU);
    DeviceArray<int32_t> labels(std::vector<int32_t>{2, 0, 1}, Device::CPU);
    DeviceArray<int32_t> order(std::vector<int32_t>{1, 2, 0}, Device::CPU);
    Tensor X = test::poisoned(Shape::matrix(2, 2), Device::CPU);
    Tensor Y = test::poisoned(Shape::matrix(3, 2), Device::CPU);
    gather_batch(px, labels, order, 1, 1.0f / 255, X, Y);
    EXPECT_EQ(X.values(), (std::vector<double>{1.0, 0.0, 10 / 255.0f, 20 / 255.0f}));
    EXPECT_EQ(Y.values(), (std::vector<double>{0, 1, 0, 0, 0, 1}));
}

TEST(GatherBatch, RejectsIndicesAndRangesOutside) {
    DeviceArray<uint8_t> px(std::vector<uint8_t>{1, 2}, Device::CPU);
    DeviceArray<int32_t> labels(std::vector<int32_t>{0, 1}, Device::CPU);
    DeviceArray<int32_t> order(std::vector<int32_t>{0, 5}, Device::CPU);
    Tensor X(Shape::matrix(1, 2)), Y(Shape::matrix(2, 2));
    EXPECT_THROW(gather_batch(px, labels, order, 0, 1.0f, X, Y), Error);  // index 5
    Tensor X1(Shape::matrix(1, 1)), Y1(Shape::matrix(2, 1));
    EXPECT_THROW(gather_batch(px, labels, order, 2, 1.0f, X1, Y1), Error);  // past the order
}

TEST(Metrics, AddsLossCorrectAndFlagsTheFirstBadStep) {
    // Two samples: the first predicted right (class 1), the second wrong.
    Tensor A = Tensor::from_values(Shape::matrix(2, 2), {0.2, 0.8, 0.7, 0.3});
    Tensor Y = Tensor::from_values(Shape::matrix(2, 2), {0, 1, 0, 1});
    Tensor L = Tensor::from_values(Shape::row(2), {0.25, 1.5});
    Tensor acc = Tensor::zeros(Shape::column(3));
    accumulate_metrics(A, Y, L, acc, 1);
    accumulate_metrics(A, Y, L, acc, 2);
    EXPECT_EQ(acc.values(), (std::vector<double>{3.5, 2, 0}));
    Tensor bad = Tensor::from_values(Shape::row(2), {std::numeric_limits<double>::quiet_NaN(), 1});
    accumulate_metrics(A, Y, bad, acc, 3);
    accumulate_metrics(A, Y, bad, acc, 4);
    EXPECT_EQ(acc.at(2, 0), 3.0);  // the first step whose loss was not finite
}

// --- CPU vs CUDA -------------------------------------------------------------------------------

TEST(AdamCuda, MatchesCpu) {
    DL_REQUIRE_CUDA();
    for (auto [r, c] : test::odd_sizes()) {
        Rng rng(r * 31 + c);
        Tensor W = test::randn(Shape::matrix(r, c), rng), dW = test::randn(W.shape(), rng);
        Tensor V = test::randn(W.shape(), rng, 0.1);
        Tensor S = Tensor::full(W.shape(), 0.01);
        const Tensor gdW = dW.to(Device::CUDA);
        AdamParams p;
        p.lr = 0.01;
        // Steps 1 to 3 (each with its bias corrections). Each step starts both devices from
        // the CPU's state, so every comparison checks one step against its own bound.
        for (int t = 1; t <= 3; ++t) {
            SCOPED_TRACE(cat(r, "x", c, " step ", t));
            const test::bound::UpdateBounds bd =
                test::bound::adam(W, dW, V, S, p.lr, p.beta1, p.beta2, p.eps, t);
            Tensor gW = W.to(Device::CUDA), gV = V.to(Device::CUDA), gS = S.to(Device::CUDA);
            adam_update(W, dW, V, S, p, t);
            adam_update(gW, gdW, gV, gS, p, t);
            DL_EXPECT_AGREE(gW, W, bd.W, test::kTwins);
            DL_EXPECT_AGREE(gV, V, bd.V, test::kTwins);
            DL_EXPECT_AGREE(gS, S, bd.S, test::kTwins);
        }
    }
}

TEST(MomentumCuda, MatchesCpu) {
    DL_REQUIRE_CUDA();
    for (auto [r, c] : test::odd_sizes()) {
        SCOPED_TRACE(cat(r, "x", c));
        Rng rng(r * 7 + c);
        Tensor W = test::randn(Shape::matrix(r, c), rng), dW = test::randn(W.shape(), rng);
        Tensor V = test::randn(W.shape(), rng);
        const test::bound::UpdateBounds bd = test::bound::momentum(W, dW, V, 0.05, 0.9);
        Tensor gW = W.to(Device::CUDA), gV = V.to(Device::CUDA);
        momentum_update(W, dW, V, 0.05, 0.9);
        momentum_update(gW, dW.to(Device::CUDA), gV, 0.05, 0.9);
        DL_EXPECT_AGREE(gW, W, bd.W, test::kTwins);
        DL_EXPECT_AGREE(gV, V, bd.V, test::kTwins);
    }
}

TEST(GatherBatchCuda, MatchesCpu) {
    DL_REQUIRE_CUDA();
    for (auto [n, m] : test::odd_sizes()) {
        Rng rng(n + 3 * m);
        const int64_t N = m + 5;
        const int K = 7;
        ByteSet b = make_bytes(n, N, K, rng);
        std::vector<int32_t> ord(N);
        for (int64_t j = 0; j < N; ++j) ord[j] = int32_t((j * 5 + 3) % N);
        Tensor X(Shape::matrix(n, m)), Y(Shape::matrix(K, m));
        gather_batch(DeviceArray<uint8_t>(b.px, Device::CPU),
                     DeviceArray<int32_t>(b.labels, Device::CPU),
                     DeviceArray<int32_t>(ord, Device::CPU), 2, 1.0f / 255, X, Y);
        Tensor gX = test::poisoned(X.shape(), Device::CUDA), gY = test::poisoned(Y.shape(), Device::CUDA);
        gather_batch(DeviceArray<uint8_t>(b.px, Device::CUDA),
                     DeviceArray<int32_t>(b.labels, Device::CUDA),
                     DeviceArray<int32_t>(ord, Device::CUDA), 2, 1.0f / 255, gX, gY);
        // x = byte · scale: the scale rounded to float, the product rounded: 2u·|x|.
        DL_EXPECT_AGREE(gX, X, test::bound::roundings(X.values(), 2), test::kTwins);
        DL_EXPECT_AGREE(gY, Y, std::vector<double>(std::size_t(Y.numel()), 0.0), 1);
    }
}

TEST(MetricsCuda, MatchesCpu) {
    DL_REQUIRE_CUDA();
    for (auto [K, m] : test::odd_sizes()) {
        SCOPED_TRACE(cat(K, "x", m));
        Rng rng(K * 13 + m);
        Tensor A = test::randn(Shape::matrix(K, m), rng);
        Tensor Y = test::randn(Shape::matrix(K, m), rng);
        Tensor L = test::randn(Shape::row(m), rng);
        Tensor acc = Tensor::from_values(Shape::column(3), {1, 2, 0});
        Tensor gacc = acc.to(Device::CUDA);
        // acc(0) = 1 + Σ_j L(j): m + 1 terms in any order; the count and the flag are exact.
        double sum_abs = 1;
        for (double v : L.values()) sum_abs += std::abs(v);
        const std::vector<double> bd = {test::gamma(double(m)) * sum_abs + test::kTinyAbs, 0, 0};
        accumulate_metrics(A, Y, L, acc, 1);
        accumulate_metrics(A.to(Device::CUDA), Y.to(Device::CUDA), L.to(Device::CUDA), gacc, 1);
        DL_EXPECT_AGREE(gacc, acc, bd, test::kTwins);
    }
}

TEST(Metrics, AnEmptyBatchAddsNothing) {
    Tensor A(Shape::matrix(3, 0)), Y(Shape::matrix(3, 0)), L(Shape::row(0));
    Tensor acc = Tensor::from_values(Shape::column(3), {1.5, 2, 0});
    accumulate_metrics(A, Y, L, acc, 1);
    EXPECT_EQ(acc.values(), (std::vector<double>{1.5, 2, 0}));
}

TEST(MetricsCuda, NonFiniteLossFlagsTheFirstBadStepLikeCpu) {
    DL_REQUIRE_CUDA();
    // K = 3, m = 37: the bad loss sits in the last column, which the GPU's thread 36 reads, so
    // it must survive the block's tree sum. Step 1 finite, step 2 +inf, step 3 NaN.
    Rng rng(37);
    const Tensor A = test::randn(Shape::matrix(3, 37), rng);
    std::vector<int> labels;
    for (int j = 0; j < 37; ++j) labels.push_back(int(rng.below(3)));
    const Tensor Y = one_hot(labels, 3);
    Tensor L = test::randn(Shape::row(37), rng);
    Tensor L_inf = L.clone(), L_nan = L.clone();
    L_inf.data<float>()[36] = std::numeric_limits<float>::infinity();
    L_nan.data<float>()[36] = std::numeric_limits<float>::quiet_NaN();
    Tensor acc = Tensor::zeros(Shape::column(3));
    Tensor gacc = acc.to(Device::CUDA);
    const Tensor gA = A.to(Device::CUDA), gY = Y.to(Device::CUDA);
    const Tensor* steps[] = {&L, &L_inf, &L_nan};
    for (int s = 0; s < 3; ++s) {
        accumulate_metrics(A, Y, *steps[s], acc, s + 1);
        accumulate_metrics(gA, gY, steps[s]->to(Device::CUDA), gacc, s + 1);
        const auto c = acc.values(), g = gacc.values();
        if (s == 0) {
            EXPECT_NEAR(g[0], c[0], 1e-4 * std::max(1.0, std::abs(c[0])));
            EXPECT_EQ(g[2], 0.0);
        } else if (s == 1) {
            EXPECT_TRUE(std::isinf(c[0]) && std::isinf(g[0])) << c[0] << " " << g[0];
        } else {
            EXPECT_TRUE(std::isnan(c[0]) && std::isnan(g[0])) << c[0] << " " << g[0];
        }
        EXPECT_EQ(g[1], c[1]) << "correct count after step " << s + 1;
        EXPECT_EQ(c[2], s == 0 ? 0.0 : 2.0) << "CPU flag after step " << s + 1;
        EXPECT_EQ(g[2], c[2]) << "GPU flag after step " << s + 1;
    }
}

TEST(MetricsCuda, AnEmptyBatchAddsNothing) {
    DL_REQUIRE_CUDA();
    const Tensor A(Shape::matrix(3, 0), DType::F32, Device::CUDA);
    const Tensor Y(Shape::matrix(3, 0), DType::F32, Device::CUDA);
    const Tensor L(Shape::row(0), DType::F32, Device::CUDA);
    Tensor gacc = Tensor::from_values(Shape::column(3), {1.5, 2, 0}).to(Device::CUDA);
    accumulate_metrics(A, Y, L, gacc, 1);
    EXPECT_EQ(gacc.values(), (std::vector<double>{1.5, 2, 0}));
}

TEST(GatherBatchCuda, AnIndexOutOfRangeLeavesItsColumnAtZero) {
    DL_REQUIRE_CUDA();
    // batch.hpp: the CPU twin throws on an index outside [0, N); the GPU twin skips it and
    // writes zeros into that column of X and of Y. n = 7 pixels, N = 11 samples, K = 5.
    const int64_t n = 7, N = 11;
    const int K = 5;
    Rng rng(11);
    const ByteSet b = make_bytes(n, N, K, rng);
    // offset 1, m = 5: samples 3, N (past the end), 0, −1 (negative), 10.
    const std::vector<int32_t> ord = {9, 3, int32_t(N), 0, -1, 10};
    const int64_t offset = 1, m = 5;
    Tensor X(Shape::matrix(n, m)), Y(Shape::matrix(K, m));
    EXPECT_THROW(gather_batch(DeviceArray<uint8_t>(b.px, Device::CPU),
                              DeviceArray<int32_t>(b.labels, Device::CPU),
                              DeviceArray<int32_t>(ord, Device::CPU), offset, 1.0f / 255, X, Y),
                 Error);
    // Expected on the GPU, by hand: the valid columns as the lecture's formula gives them.
    std::vector<double> want_x(std::size_t(n * m), 0.0), want_y(std::size_t(K * m), 0.0);
    for (int64_t j = 0; j < m; ++j) {
        const int64_t s = ord[std::size_t(offset + j)];
        if (s < 0 || s >= N) continue;
        for (int64_t i = 0; i < n; ++i)
            want_x[std::size_t(j * n + i)] = double((1.0f / 255) * float(b.px[std::size_t(s * n + i)]));
        want_y[std::size_t(j * K + b.labels[std::size_t(s)])] = 1.0;
    }
    Tensor gX = test::poisoned(X.shape(), Device::CUDA), gY = test::poisoned(Y.shape(), Device::CUDA);
    gather_batch(DeviceArray<uint8_t>(b.px, Device::CUDA),
                 DeviceArray<int32_t>(b.labels, Device::CUDA),
                 DeviceArray<int32_t>(ord, Device::CUDA), offset, 1.0f / 255, gX, gY);
    // want_x is the float32 product itself: the GPU's must be the same, give or take its
    // rounding of the scale and of the product (2u·|x|); the labels are exact.
    DL_EXPECT_AGREE(gX, Tensor::from_values(X.shape(), want_x), test::bound::roundings(want_x, 2), 1);
    DL_EXPECT_AGREE(gY, Tensor::from_values(Y.shape(), want_y),
                    std::vector<double>(want_y.size(), 0.0), 1);
    // Columns 1 and 3 (sample indices N and −1) are all zeros, not NaN and not a neighbour's.
    for (int64_t j : {1, 3}) {
        for (int64_t i = 0; i < n; ++i) EXPECT_EQ(gX.at(i, j), 0.0) << "X(" << i << ", " << j << ")";
        for (int64_t k = 0; k < K; ++k) EXPECT_EQ(gY.at(k, j), 0.0) << "Y(" << k << ", " << j << ")";
    }
}
