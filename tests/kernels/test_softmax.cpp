// Softmax and fused softmax + cross-entropy: hand-computed values, the stable forms at logits of
// ±1000, a two-sided gradient check of dL/dZ in double precision, and CPU vs CUDA parity.
//
// Parity tolerance (tests/tolerances.hpp, bound::softmax), per twin: with d_k = z_k − max,
// a_k is off by u·(|d_k| + |log a_k|) + (γ_{K−1} + K·u) (the sum of K exponentials, in any
// order) + a few library ulps, relative to a_k; the loss by that error of log a_k weighted by
// y_k; dZ = A − Y by A's error and one rounding. The class counts run from 1 to 1,000 (a
// vocabulary), across the GPU's switch from part of a warp to a whole warp per column (K = 32).
#include "kernels/softmax.hpp"

#include <cmath>

#include "test_util.hpp"

using namespace dl;

TEST(Softmax, HandComputedColumn) {
    // Column (1, 2, 3): e^{z − 3} = (e^{−2}, e^{−1}, 1), divided by their sum.
    Tensor Z = Tensor::from_values(Shape::matrix(3, 2), {1, 2, 3, 0, 0, 0});
    Tensor A(Z.shape());
    softmax(Z, A);
    const double s = std::exp(-2.0) + std::exp(-1.0) + 1.0;
    EXPECT_NEAR(A.at(0, 0), std::exp(-2.0) / s, 1e-7);  // 0.0900306
    EXPECT_NEAR(A.at(1, 0), std::exp(-1.0) / s, 1e-7);  // 0.2447285
    EXPECT_NEAR(A.at(2, 0), 1.0 / s, 1e-7);             // 0.6652410
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(A.at(k, 1), 1.0 / 3.0, 1e-7);
}

TEST(Softmax, InPlaceAndExtremeLogits) {
    Tensor Z = Tensor::from_values(Shape::matrix(2, 2), {1000, -1000, -1000, -1000});
    softmax(Z, Z);  // A may be Z
    EXPECT_EQ(Z.at(0, 0), 1.0);
    EXPECT_EQ(Z.at(1, 0), 0.0);
    EXPECT_NEAR(Z.at(0, 1), 0.5, 1e-7);
    EXPECT_NEAR(Z.at(1, 1), 0.5, 1e-7);
}

TEST(SoftmaxCrossEntropy, HandComputedLossAndGradient) {
    // z = (1, 2, 3), y = class 0: L = −log softmax(z)_0 = log(e^{−2} + e^{−1} + 1) + 2 = 2.4076059.
    Tensor Z = Tensor::from_values(Shape::matrix(3, 1), {1, 2, 3});
    Tensor Y = Tensor::from_values(Shape::matrix(3, 1), {1, 0, 0});
    Tensor A(Z.shape()), dZ(Z.shape()), L(Shape::row(1));
    softmax_cross_entropy(Z, Y, A, L, dZ);
    const double s = std::exp(-2.0) + std::exp(-1.0) + 1.0;
    EXPECT_NEAR(L.at(0, 0), std::log(s) + 2.0, 1e-6);
    EXPECT_NEAR(L.at(0, 0), 2.4076059, 1e-6);
    EXPECT_NEAR(dZ.at(0, 0), std::exp(-2.0) / s - 1.0, 1e-7);
    EXPECT_NEAR(dZ.at(1, 0), std::exp(-1.0) / s, 1e-7);
    EXPECT_NEAR(dZ.at(2, 0), 1.0 / s, 1e-7);
}

TEST(SoftmaxCrossEntropy, FiniteAtLogitsOfPlusMinus1000) {
    // The right class at +1000: L = 0. The wrong class at +1000: L = 2000 (not inf).
    Tensor Z = Tensor::from_values(Shape::matrix(2, 2), {1000, -1000, 1000, -1000});
    Tensor Y = Tensor::from_values(Shape::matrix(2, 2), {1, 0, 0, 1});
    Tensor A(Z.shape()), dZ(Z.shape()), L(Shape::row(2));
    softmax_cross_entropy(Z, Y, A, L, dZ);
    EXPECT_EQ(L.at(0, 0), 0.0);
    EXPECT_NEAR(L.at(0, 1), 2000.0, 1e-3);
    for (double v : dZ.values()) EXPECT_TRUE(std::isfinite(v));
    EXPECT_EQ(dZ.at(0, 1), 1.0);
    EXPECT_EQ(dZ.at(1, 1), -1.0);
}

TEST(SoftmaxCrossEntropy, GradientCheckDouble) {
    // dL/dZ = A − Y, checked against two-sided differences of L in double precision.
    Rng rng(3);
    const int K = 5, m = 4;
    Tensor Z = test::randn(Shape::matrix(K, m), rng, 2.0, DType::F64);
    Tensor Y = Tensor::zeros(Shape::matrix(K, m), DType::F64);
    for (int j = 0; j < m; ++j) Y.data<double>()[j * K + (j * 2) % K] = 1.0;
    Tensor A(Z.shape(), DType::F64), dZ(Z.shape(), DType::F64), L(Shape::row(m), DType::F64);
    softmax_cross_entropy(Z, Y, A, L, dZ);
    const double eps = 1e-6;
    for (int i = 0; i < K * m; ++i) {
        Tensor Zp = Z.clone(), Zm = Z.clone();
        Zp.data<double>()[i] += eps;
        Zm.data<double>()[i] -= eps;
        Tensor Ap = A.clone(), Lp = L.clone(), dp = dZ.clone();
        Tensor Am = A.clone(), Lm = L.clone(), dm = dZ.clone();
        softmax_cross_entropy(Zp, Y, Ap, Lp, dp);
        softmax_cross_entropy(Zm, Y, Am, Lm, dm);
        double jp = 0, jm = 0;
        for (double v : Lp.values()) jp += v;
        for (double v : Lm.values()) jm += v;
        const double num = (jp - jm) / (2 * eps);
        const double ana = dZ.data<double>()[i];
        EXPECT_LE(std::abs(num - ana) / std::max(std::abs(num) + std::abs(ana), 1e-12), 1e-7)
            << "element " << i;
    }
}

TEST(SoftmaxCrossEntropy, WrongShapesThrow) {
    Tensor Z = Tensor::zeros(Shape::matrix(3, 2)), Y = Tensor::zeros(Shape::matrix(3, 2));
    Tensor A(Z.shape()), dZ(Z.shape()), L(Shape::row(2)), badL(Shape::row(3)),
        badY(Shape::matrix(2, 2));
    EXPECT_THROW(softmax_cross_entropy(Z, Y, A, badL, dZ), Error);
    EXPECT_THROW(softmax_cross_entropy(Z, badY, A, L, dZ), Error);
    Tensor badA(Shape::matrix(3, 3));
    EXPECT_THROW(softmax(Z, badA), Error);
}

namespace {
// Softmax and the fused loss of Z (K x m) on both devices, compared within the twins' bounds.
void softmax_parity(const Tensor& Z) {
    const int64_t K = Z.rows(), m = Z.cols();
    Tensor Y = Tensor::zeros(Z.shape());
    for (int64_t j = 0; j < m; ++j) Y.data<float>()[j * K + (j % K)] = 1.0f;
    Tensor A(Z.shape()), dZ(Z.shape()), L(Shape::row(m));
    softmax_cross_entropy(Z, Y, A, L, dZ);
    Tensor Zc = Z.to(Device::CUDA), Yc = Y.to(Device::CUDA);
    Tensor Ac = test::poisoned(Z.shape(), Device::CUDA);
    Tensor dZc = test::poisoned(Z.shape(), Device::CUDA);
    Tensor Lc = test::poisoned(L.shape(), Device::CUDA);
    softmax_cross_entropy(Zc, Yc, Ac, Lc, dZc);
    const test::bound::SoftmaxBounds b = test::bound::softmax(Z, &Y);
    DL_EXPECT_AGREE(Ac, A, b.A, test::kTwins);
    DL_EXPECT_AGREE(dZc, dZ, b.dZ, test::kTwins);
    DL_EXPECT_AGREE(Lc, L, b.L, test::kTwins);
    Tensor A2 = test::poisoned(Z.shape(), Device::CUDA);
    softmax(Zc, A2);
    Tensor A2cpu(Z.shape());
    softmax(Z, A2cpu);
    DL_EXPECT_AGREE(A2, A2cpu, b.A, test::kTwins);
}
}  // namespace

TEST(SoftmaxCuda, MatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
    for (uint64_t seed : {11, 12, 13}) {
        Rng rng(seed);
        for (auto [K, m] : test::odd_sizes()) {
            SCOPED_TRACE(cat(K, "x", m, " seed ", seed));
            Tensor Z = test::randn(Shape::matrix(K, m), rng, 5.0);
            if (Z.numel() > 2) Z.data<float>()[1] = 1000.0f;  // one extreme logit
            softmax_parity(Z);
        }
    }
}

TEST(SoftmaxCuda, ManyClassesMatchCpu) {
    DL_REQUIRE_CUDA();
    // K = 2, 10 (part of a warp per column, several columns per warp), 31, 32, 33 (around one
    // full warp), 100, 1000 (a vocabulary: each thread of the warp takes K/32 classes).
    Rng rng(15);
    for (int64_t K : {2, 10, 31, 32, 33, 100, 1000}) {
        for (int64_t m : {1, 37, 300}) {
            SCOPED_TRACE(cat(K, "x", m));
            Tensor Z = test::randn(Shape::matrix(K, m), rng, 3.0);
            Z.data<float>()[std::size_t(K / 2)] = -1000.0f;  // an entry that underflows to 0
            softmax_parity(Z);
        }
    }
}

TEST(SoftmaxCuda, InPlaceMatchesCpu) {
    DL_REQUIRE_CUDA();
    Rng rng(14);
    auto sizes = test::odd_sizes();
    sizes.push_back({1000, 9});
    for (auto [K, m] : sizes) {
        SCOPED_TRACE(cat(K, "x", m));
        Tensor Z = test::randn(Shape::matrix(K, m), rng, 5.0);
        Tensor A(Z.shape());
        softmax(Z, A);
        Tensor Zc = Z.to(Device::CUDA);
        softmax(Zc, Zc);  // A may be Z
        DL_EXPECT_AGREE(Zc, A, test::bound::softmax(Z, nullptr).A, test::kTwins);
        // dZ may be Z in the fused form.
        Tensor Y = Tensor::zeros(Z.shape());
        for (int64_t j = 0; j < m; ++j) Y.data<float>()[j * K + (j * 3) % K] = 1.0f;
        Tensor A1(Z.shape()), L1(Shape::row(m)), dZ1(Z.shape());
        softmax_cross_entropy(Z, Y, A1, L1, dZ1);
        Tensor Zg = Z.to(Device::CUDA), Ag = test::poisoned(Z.shape(), Device::CUDA);
        Tensor Lg = test::poisoned(L1.shape(), Device::CUDA);
        softmax_cross_entropy(Zg, Y.to(Device::CUDA), Ag, Lg, Zg);
        const test::bound::SoftmaxBounds b = test::bound::softmax(Z, &Y);
        DL_EXPECT_AGREE(Zg, dZ1, b.dZ, test::kTwins);
        DL_EXPECT_AGREE(Lg, L1, b.L, test::kTwins);
    }
}
