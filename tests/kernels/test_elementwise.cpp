// Bias broadcast, activations (forward and backward) and the SGD update: hand-computed values,
// then CPU vs CUDA parity on odd sizes.
//
// Parity tolerances (tests/tolerances.hpp, namespace bound), each twin allowed its bound:
//   forward: identity, step, sign, ReLU exact; leaky ReLU 2u·|α·z|; sigmoid ≈ 19u·σ(z) (two
//     library calls' worth of ulps and three roundings); tanh 8u·|tanh z| (4 ulps).
//   backward dA ⊙ g'(z): the error is absolute, of the size of the intermediate values, not
//     relative to g'(z): tanh' = 1 − t² at z = 5 is 1.8e-4, yet one ulp of t (6e-8) moves it
//     by 1.2e-7 (GPU and CPU tanhf need not agree to the bit). Bound ≈ |dA|·(17u·t² + 2u·g')
//     for tanh, ≈ 22u·|dA|·σ(z) for sigmoid.
//   bias: one rounding, u·|z + b|. SGD: u·(2·|lr·dw| + |w − lr·dw|), whether or not the
//     compiler fuses lr·dw and the subtraction into one FMA (nvcc does; g++ without -march
//     may not).
#include "kernels/activation.hpp"
#include "kernels/bias.hpp"
#include "kernels/sgd.hpp"

#include "test_util.hpp"

using namespace dl;

TEST(Bias, AddsTheColumnToEveryColumn) {
    Tensor Z = Tensor::from_values(Shape::matrix(2, 3), {1, 2, 3, 4, 5, 6});
    Tensor b = Tensor::from_values(Shape::column(2), {10, 20});
    add_bias(Z, b);
    EXPECT_EQ(Z.values(), (std::vector<double>{11, 22, 13, 24, 15, 26}));
}

TEST(Bias, WrongShapeNamesIt) {
    Tensor Z = Tensor::zeros(Shape::matrix(2, 3));
    Tensor b = Tensor::zeros(Shape::row(2));
    try {
        add_bias(Z, b);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("[2 x 1]"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("[1 x 2]"), std::string::npos) << e.what();
    }
}

TEST(Activation, HandComputedForward) {
    Tensor Z = Tensor::from_values(Shape::row(4), {-2, 0, 0.5, 3});
    Tensor A(Z.shape());
    auto run = [&](Activation g) {
        activation_forward(g, Z, A, 0.1f);
        return A.values();
    };
    EXPECT_EQ(run(Activation::Step), (std::vector<double>{0, 1, 1, 1}));
    EXPECT_EQ(run(Activation::Sign), (std::vector<double>{-1, 1, 1, 1}));
    EXPECT_EQ(run(Activation::ReLU), (std::vector<double>{0, 0, 0.5, 3}));
    auto leaky = run(Activation::LeakyReLU);
    EXPECT_FLOAT_EQ(leaky[0], -0.2f);
    EXPECT_EQ(leaky[3], 3);
    auto s = run(Activation::Sigmoid);
    EXPECT_FLOAT_EQ(s[1], 0.5f);
    EXPECT_NEAR(s[3], 0.9525741268, 1e-7);  // 1 / (1 + e^-3)
    EXPECT_NEAR(s[0], 0.1192029220, 1e-7);
    auto t = run(Activation::Tanh);
    EXPECT_NEAR(t[2], 0.4621171573, 1e-7);
}

TEST(Activation, SigmoidNeverOverflows) {
    Tensor Z = Tensor::from_values(Shape::row(3), {-1000, 1000, -90});
    Tensor A(Z.shape());
    activation_forward(Activation::Sigmoid, Z, A);
    auto a = A.values();
    EXPECT_EQ(a[0], 0.0);
    EXPECT_EQ(a[1], 1.0);
    EXPECT_GE(a[2], 0.0);
    for (double v : a) EXPECT_FALSE(std::isnan(v));
}

TEST(Activation, HandComputedBackward) {
    Tensor Z = Tensor::from_values(Shape::row(3), {-1, 0, 2});
    Tensor dA = Tensor::from_values(Shape::row(3), {2, 2, 2});
    Tensor dZ(Z.shape());
    activation_backward(Activation::ReLU, Z, dA, dZ);
    EXPECT_EQ(dZ.values(), (std::vector<double>{0, 0, 2}));
    activation_backward(Activation::LeakyReLU, Z, dA, dZ, 0.1f);
    EXPECT_FLOAT_EQ(dZ.values()[0], 0.2f);
    activation_backward(Activation::Sigmoid, Z, dA, dZ);
    EXPECT_FLOAT_EQ(dZ.values()[1], 0.5f);  // 2 · σ(0)(1 − σ(0)) = 2 · 0.25
    activation_backward(Activation::Tanh, Z, dA, dZ);
    EXPECT_FLOAT_EQ(dZ.values()[1], 2.0f);
    activation_backward(Activation::Step, Z, dA, dZ);
    EXPECT_EQ(dZ.values(), (std::vector<double>{0, 0, 0}));
}

TEST(Activation, ParseNamesAndRejectsUnknown) {
    EXPECT_EQ(parse_activation("leaky_relu"), Activation::LeakyReLU);
    EXPECT_THROW(parse_activation("swish"), UsageError);
}

TEST(Sgd, HandComputed) {
    Tensor W = Tensor::from_values(Shape::matrix(1, 2), {1.0, -1.0});
    Tensor dW = Tensor::from_values(Shape::matrix(1, 2), {0.5, 2.0});
    sgd_update(W, dW, 0.1f);
    EXPECT_FLOAT_EQ(W.values()[0], 0.95f);
    EXPECT_FLOAT_EQ(W.values()[1], -1.2f);
    Tensor bad = Tensor::zeros(Shape::matrix(2, 1));
    EXPECT_THROW(sgd_update(W, bad, 0.1f), Error);
}

namespace {
const Activation kAll[] = {Activation::Identity, Activation::Step,  Activation::Sign,
                           Activation::Sigmoid,  Activation::Tanh,  Activation::ReLU,
                           Activation::LeakyReLU};
}

TEST(ElementwiseCuda, ActivationsMatchCpu) {
    DL_REQUIRE_CUDA();
    const double alpha = 0.05;
    for (uint64_t seed : {11, 12, 13}) {
        Rng rng(seed);
        for (auto [n, m] : test::odd_sizes()) {
            Tensor Z = test::randn(Shape::matrix(n, m), rng, 3.0);
            Tensor dA = test::randn(Z.shape(), rng);
            Tensor dZc = Z.to(Device::CUDA), dAc = dA.to(Device::CUDA);
            for (Activation g : kAll) {
                SCOPED_TRACE(cat(activation_name(g), " ", n, "x", m, " seed ", seed));
                Tensor A(Z.shape());
                activation_forward(g, Z, A, alpha);
                Tensor Ac = test::poisoned(Z.shape(), Device::CUDA);
                activation_forward(g, dZc, Ac, alpha);
                DL_EXPECT_AGREE(Ac, A, test::bound::activation_forward(g, Z, alpha), test::kTwins);
                Tensor G(Z.shape());
                activation_backward(g, Z, dA, G, alpha);
                Tensor Gc = test::poisoned(Z.shape(), Device::CUDA);
                activation_backward(g, dZc, dAc, Gc, alpha);
                DL_EXPECT_AGREE(Gc, G, test::bound::activation_backward(g, Z, dA, alpha),
                                test::kTwins);
            }
        }
    }
}

TEST(ElementwiseCuda, BiasAndSgdMatchCpu) {
    DL_REQUIRE_CUDA();
    for (uint64_t seed : {12, 13, 14}) {
        Rng rng(seed);
        for (auto [n, m] : test::odd_sizes()) {
            SCOPED_TRACE(cat(n, "x", m, " seed ", seed));
            Tensor Z = test::randn(Shape::matrix(n, m), rng);
            Tensor b = test::randn(Shape::column(n), rng);
            Tensor Zc = Z.to(Device::CUDA);
            add_bias(Z, b);
            add_bias(Zc, b.to(Device::CUDA));
            DL_EXPECT_AGREE(Zc, Z, test::bound::add_bias(Z), test::kTwins);

            Tensor W = test::randn(Shape::matrix(n, m), rng);
            Tensor dW = test::randn(W.shape(), rng);
            // Some weights the step nearly cancels: w ≈ lr·dw, the case that needs the bound.
            for (int64_t i = 0; i < W.numel(); i += 3)
                W.data<float>()[i] = 0.3f * dW.data<float>()[i] * (1.0f + 1e-4f);
            const auto sgd_bound = test::bound::sgd(W, dW, 0.3);
            Tensor Wc = W.to(Device::CUDA);
            sgd_update(W, dW, 0.3);
            sgd_update(Wc, dW.to(Device::CUDA), 0.3);
            DL_EXPECT_AGREE(Wc, W, sgd_bound, test::kTwins);
        }
    }
}

TEST(ElementwiseCuda, Float64OnTheGpuIsRejected) {
    DL_REQUIRE_CUDA();
    Tensor Z = Tensor::zeros(Shape::matrix(2, 3), DType::F64, Device::CUDA);
    Tensor A = Tensor::zeros(Z.shape(), DType::F64, Device::CUDA);
    try {
        activation_forward(Activation::ReLU, Z, A);
        FAIL() << "expected dl::Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("float32"), std::string::npos) << e.what();
    }
    Tensor b = Tensor::zeros(Shape::column(2), DType::F64, Device::CUDA);
    EXPECT_THROW(add_bias(Z, b), Error);
    EXPECT_THROW(sgd_update(Z, A, 0.1f), Error);
}
