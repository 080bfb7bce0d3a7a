// The optimizer kernels added with the layer framework: RMSprop, AdamW's decoupled decay, and
// the metrics of a one-output (binary) classifier; hand-computed, then CPU vs CUDA.
#include <cmath>

#include "kernels/adam.hpp"
#include "kernels/metrics.hpp"
#include "kernels/rmsprop.hpp"
#include "test_util.hpp"

namespace dl {
namespace {

TEST(RmsProp, TwoStepsHandComputed) {
    // w = 1, dw = 2, β = 0.9, α = 0.1, ε = 0: s₁ = 0.1·4 = 0.4, w₁ = 1 − 0.1·2/√0.4;
    // s₂ = 0.9·0.4 + 0.4 = 0.76, w₂ = w₁ − 0.1·2/√0.76.
    Tensor W = Tensor::from_values(Shape::column(1), {1.0}, DType::F64);
    const Tensor dW = Tensor::from_values(Shape::column(1), {2.0}, DType::F64);
    Tensor S = Tensor::zeros(Shape::column(1), DType::F64);
    rmsprop_update(W, dW, S, 0.1, 0.9, 0.0);
    EXPECT_NEAR(S.at(0, 0), 0.4, 1e-15);
    EXPECT_NEAR(W.at(0, 0), 1 - 0.2 / std::sqrt(0.4), 1e-15);
    rmsprop_update(W, dW, S, 0.1, 0.9, 0.0);
    EXPECT_NEAR(S.at(0, 0), 0.76, 1e-15);
    EXPECT_NEAR(W.at(0, 0), 1 - 0.2 / std::sqrt(0.4) - 0.2 / std::sqrt(0.76), 1e-15);
    EXPECT_THROW(rmsprop_update(W, dW, S, 0.1, 1.0, 0.0), Error);  // β must be < 1
}

TEST(Adam, DecoupledWeightDecayAddsLambdaW) {
    // Step 1 with dw = 0: v = s = 0, so only λ·w moves w: w ← w − α·λ·w.
    AdamParams p;
    p.lr = 0.1;
    p.weight_decay = 0.5;
    Tensor W = Tensor::from_values(Shape::column(2), {2.0, -4.0}, DType::F64);
    const Tensor dW = Tensor::zeros(Shape::column(2), DType::F64);
    Tensor V = Tensor::zeros(W.shape(), DType::F64), S = Tensor::zeros(W.shape(), DType::F64);
    adam_update(W, dW, V, S, p, 1);
    EXPECT_NEAR(W.at(0, 0), 2.0 * (1 - 0.05), 1e-15);
    EXPECT_NEAR(W.at(1, 0), -4.0 * (1 - 0.05), 1e-15);
}

TEST(Metrics, OneOutputCountsTheSideOfOneHalf) {
    // A = (0.9, 0.2, 0.6, 0.4), Y = (1, 0, 0, 1): right, right, wrong, wrong → 2 correct.
    const Tensor A = Tensor::from_values(Shape::matrix(1, 4), {0.9, 0.2, 0.6, 0.4});
    const Tensor Y = Tensor::from_values(Shape::matrix(1, 4), {1, 0, 0, 1});
    const Tensor L = Tensor::from_values(Shape::matrix(1, 4), {0.1, 0.2, 0.3, 0.4});
    Tensor acc = Tensor::zeros(Shape::column(3));
    accumulate_metrics(A, Y, L, acc, 1);
    EXPECT_NEAR(acc.at(0, 0), 1.0, 1e-6);
    EXPECT_EQ(acc.at(1, 0), 2.0);
    EXPECT_EQ(acc.at(2, 0), 0.0);
}

TEST(OptimizerKernelsCuda, RmsPropAdamWAndBinaryMetricsMatchCpu) {
    DL_REQUIRE_CUDA();
    for (auto [r, c] : test::odd_sizes()) {
        Rng rng(r * 3 + c);
        const Tensor W0 = test::randn(Shape::matrix(r, c), rng);
        const Tensor dW = test::randn(W0.shape(), rng, 0.1);
        Tensor W = W0.clone(), S = Tensor::zeros(W0.shape());
        Tensor gW = W0.to(Device::CUDA), gS = Tensor::zeros(W0.shape(), DType::F32, Device::CUDA);
        const Tensor gdW = dW.to(Device::CUDA);
        for (int t = 0; t < 3; ++t) {
            rmsprop_update(W, dW, S, 0.01, 0.9, 1e-8);
            rmsprop_update(gW, gdW, gS, 0.01, 0.9, 1e-8);
        }
        // Each step moves w by about α = 0.01 (dw/√s ≈ ±1/√(1 − β)): float32 rounding of the
        // quotient is ~1e-7 relative of 0.01, well below 1e-5 of w = O(1).
        DL_EXPECT_CLOSE(gW, W, 1e-5, 0.1);
        DL_EXPECT_CLOSE(gS, S, 1e-5, 1e-3);
        AdamParams p;
        p.lr = 0.01;
        p.weight_decay = 0.1;
        Tensor V = Tensor::zeros(W0.shape()), S2 = Tensor::zeros(W0.shape());
        Tensor aW = W0.clone(), gaW = W0.to(Device::CUDA);
        Tensor gV = Tensor::zeros(W0.shape(), DType::F32, Device::CUDA);
        Tensor gS2 = Tensor::zeros(W0.shape(), DType::F32, Device::CUDA);
        adam_update(aW, dW, V, S2, p, 1);
        adam_update(gaW, gdW, gV, gS2, p, 1);
        DL_EXPECT_CLOSE(gaW, aW, 1e-5, 0.1);
    }
    Rng rng(5);
    Tensor A(Shape::matrix(1, 301)), Y(Shape::matrix(1, 301)), L(Shape::matrix(1, 301));
    rng.fill_uniform(A, 0.0, 1.0);
    rng.fill_uniform(Y, 0.0, 1.0);
    rng.fill_uniform(L, 0.0, 1.0);
    Tensor acc = Tensor::zeros(Shape::column(3)), gacc = Tensor::zeros(Shape::column(3), DType::F32, Device::CUDA);
    accumulate_metrics(A, Y, L, acc, 1);
    accumulate_metrics(A.to(Device::CUDA), Y.to(Device::CUDA), L.to(Device::CUDA), gacc, 1);
    EXPECT_EQ(gacc.at(1, 0), acc.at(1, 0));  // a count: exact
    EXPECT_NEAR(gacc.at(0, 0), acc.at(0, 0), 1e-4);
}

}  // namespace
}  // namespace dl
