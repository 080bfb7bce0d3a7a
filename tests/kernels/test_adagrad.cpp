// dl::adagrad_update: two steps computed by hand, the shrinking step, and CPU vs CUDA.
#include <cmath>

#include "kernels/adagrad.hpp"
#include "test_util.hpp"

namespace dl {
namespace {

TEST(Adagrad, TwoStepsHandComputed) {
    // w = 1, dw = 2, α = 0.1, ε = 0: g₁ = 4, w₁ = 1 − 0.1·2/2 = 0.9;
    // g₂ = 8, w₂ = 0.9 − 0.1·2/√8 = 0.9 − 0.0707107 = 0.8292893.
    Tensor W = Tensor::from_values(Shape::column(1), {1.0}, DType::F64);
    const Tensor dW = Tensor::from_values(Shape::column(1), {2.0}, DType::F64);
    Tensor G = Tensor::zeros(Shape::column(1), DType::F64);
    adagrad_update(W, dW, G, 0.1, 0.0);
    EXPECT_NEAR(G.at(0, 0), 4.0, 1e-15);
    EXPECT_NEAR(W.at(0, 0), 0.9, 1e-15);
    adagrad_update(W, dW, G, 0.1, 0.0);
    EXPECT_NEAR(G.at(0, 0), 8.0, 1e-15);
    EXPECT_NEAR(W.at(0, 0), 0.9 - 0.2 / std::sqrt(8.0), 1e-15);
}

TEST(Adagrad, AConstantGradientGivesStepsShrinkingAsOneOverRootT) {
    // With a constant dw the t-th step is α·dw/√(t·dw²) = α/√t whatever the gradient's size:
    // the two parameters, with gradients 100 and 0.01, move by the same amounts.
    Tensor W = Tensor::zeros(Shape::column(2), DType::F64);
    const Tensor dW = Tensor::from_values(Shape::column(2), {100.0, 0.01}, DType::F64);
    Tensor G = Tensor::zeros(Shape::column(2), DType::F64);
    double prev0 = 0;
    for (int t = 1; t <= 5; ++t) {
        adagrad_update(W, dW, G, 0.5, 0.0);
        EXPECT_NEAR(prev0 - W.at(0, 0), 0.5 / std::sqrt(double(t)), 1e-12) << "step " << t;
        EXPECT_NEAR(W.at(0, 0), W.at(1, 0), 1e-12);
        prev0 = W.at(0, 0);
    }
    Tensor bad(Shape::column(3));
    EXPECT_THROW(adagrad_update(W, dW, bad, 0.1, 1e-8), Error);
}

TEST(AdagradCuda, MatchesCpu) {
    DL_REQUIRE_CUDA();
    for (auto [r, c] : test::odd_sizes()) {
        Rng rng(r * 3 + c);
        const Tensor W0 = test::randn(Shape::matrix(r, c), rng);
        const Tensor dW = test::randn(W0.shape(), rng, 0.1);
        Tensor W = W0.clone(), G = Tensor::zeros(W0.shape());
        Tensor gW = W0.to(Device::CUDA), gG = Tensor::zeros(W0.shape(), DType::F32, Device::CUDA);
        const Tensor gdW = dW.to(Device::CUDA);
        for (int t = 0; t < 3; ++t) {
            adagrad_update(W, dW, G, 0.01, 1e-8);
            adagrad_update(gW, gdW, gG, 0.01, 1e-8);
        }
        // Each step moves w by at most α = 0.01 (|dw|/√g ≤ 1): float32 rounding of the quotient
        // is ~1e-7 relative of 0.01, far below 1e-5 of w = O(1); G sums three squares.
        DL_EXPECT_CLOSE(gW, W, 1e-5, 0.1);
        DL_EXPECT_CLOSE(gG, G, 1e-5, 1e-3);
    }
}

}  // namespace
}  // namespace dl
