// Binary cross-entropy from logits: hand-computed values, the stable form at z = ±1000, a
// two-sided gradient check in double precision, and CPU vs CUDA parity (each twin within
// tests/tolerances.hpp's bound::bce, on three seeds).
#include "kernels/bce.hpp"

#include <cmath>

#include "test_util.hpp"

using namespace dl;

TEST(Bce, HandComputed) {
    // z = 0: a = 0.5, L = log 2 for either label, dz = 0.5 − y.
    // z = 2, y = 1: a = 1/(1+e^{-2}) = 0.8807971, L = log(1 + e^{-2}) = 0.1269280.
    // z = −1, y = 0: a = 0.2689414, L = log(1 + e^{-1}) = 0.3132617.
    Tensor Z = Tensor::from_values(Shape::row(4), {0, 0, 2, -1});
    Tensor Y = Tensor::from_values(Shape::row(4), {0, 1, 1, 0});
    Tensor A(Z.shape()), L(Z.shape()), dZ(Z.shape());
    bce_with_logits(Z, Y, A, L, dZ);
    EXPECT_NEAR(L.at(0, 0), std::log(2.0), 1e-7);
    EXPECT_NEAR(L.at(0, 1), std::log(2.0), 1e-7);
    EXPECT_NEAR(L.at(0, 2), 0.1269280, 1e-7);
    EXPECT_NEAR(L.at(0, 3), 0.3132617, 1e-7);
    EXPECT_NEAR(A.at(0, 2), 0.8807971, 1e-7);
    EXPECT_NEAR(dZ.at(0, 0), 0.5, 1e-7);
    EXPECT_NEAR(dZ.at(0, 1), -0.5, 1e-7);
    EXPECT_NEAR(dZ.at(0, 2), 0.8807971 - 1.0, 1e-7);
    EXPECT_NEAR(dZ.at(0, 3), 0.2689414, 1e-7);
}

TEST(Bce, FiniteAtLogitsOfPlusMinus1000) {
    // Right answers with certainty cost 0; wrong answers cost |z| = 1000 (not inf, not NaN).
    Tensor Z = Tensor::from_values(Shape::row(4), {1000, -1000, 1000, -1000});
    Tensor Y = Tensor::from_values(Shape::row(4), {1, 0, 0, 1});
    Tensor A(Z.shape()), L(Z.shape()), dZ(Z.shape());
    bce_with_logits(Z, Y, A, L, dZ);
    EXPECT_EQ(L.values(), (std::vector<double>{0, 0, 1000, 1000}));
    EXPECT_EQ(dZ.values(), (std::vector<double>{0, 0, 1, -1}));
    EXPECT_EQ(A.values(), (std::vector<double>{1, 0, 1, 0}));
}

TEST(Bce, GradientCheckDouble) {
    Rng rng(2);
    Tensor Z = test::randn(Shape::row(9), rng, 3.0, DType::F64);
    Tensor Y = Tensor::from_values(Shape::row(9), {0, 1, 1, 0, 1, 0, 0.3, 1, 0}, DType::F64);
    Tensor A(Z.shape(), DType::F64), L(Z.shape(), DType::F64), dZ(Z.shape(), DType::F64);
    bce_with_logits(Z, Y, A, L, dZ);
    const double eps = 1e-6;
    for (int i = 0; i < 9; ++i) {
        Tensor Zp = Z.clone(), Zm = Z.clone(), Lp = L.clone(), Lm = L.clone();
        Tensor t1 = A.clone(), t2 = A.clone(), t3 = A.clone(), t4 = A.clone();
        Zp.data<double>()[i] += eps;
        Zm.data<double>()[i] -= eps;
        bce_with_logits(Zp, Y, t1, Lp, t2);
        bce_with_logits(Zm, Y, t3, Lm, t4);
        const double num = (Lp.at(0, i) - Lm.at(0, i)) / (2 * eps);
        const double ana = dZ.at(0, i);
        EXPECT_LE(std::abs(num - ana) / std::max(std::abs(num) + std::abs(ana), 1e-12), 1e-7);
    }
}

TEST(Bce, InPlaceGradientAndShapeCheck) {
    Tensor Z = Tensor::from_values(Shape::row(2), {0, 2});
    Tensor Y = Tensor::from_values(Shape::row(2), {1, 1});
    Tensor A(Z.shape()), L(Z.shape());
    bce_with_logits(Z, Y, A, L, Z);  // dZ may be Z
    EXPECT_NEAR(Z.at(0, 0), -0.5, 1e-7);
    Tensor bad(Shape::row(3));
    EXPECT_THROW(bce_with_logits(Z, bad, A, L, Z), Error);
}

TEST(BceCuda, MatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
    for (uint64_t seed : {8, 9, 10}) {
        for (auto [n, m] : test::odd_sizes()) {
            Rng rng(seed * 1000 + uint64_t(n * 7 + m));
            SCOPED_TRACE(cat(n, "x", m, " seed ", seed));
            Tensor Z = test::randn(Shape::matrix(n, m), rng, 10.0);
            Z.data<float>()[0] = (n * m) % 2 ? -1000.0f : 1000.0f;
            Tensor Y(Z.shape());
            rng.fill_uniform(Y, 0.0, 1.0);
            Tensor A(Z.shape()), L(Z.shape()), dZ(Z.shape());
            bce_with_logits(Z, Y, A, L, dZ);
            Tensor Ac = test::poisoned(Z.shape(), Device::CUDA), Lc = test::poisoned(Z.shape(), Device::CUDA),
                   dZc = test::poisoned(Z.shape(), Device::CUDA);
            bce_with_logits(Z.to(Device::CUDA), Y.to(Device::CUDA), Ac, Lc, dZc);
            // Per twin (tests/tolerances.hpp, bound::bce): σ(z) ≈ 19u relative; the loss
            // softplus(z) − y·z absolute in the size of its terms, u·(|softplus z| + |y·z| + |L|)
            // plus a few ulps of log1p; dZ = σ(z) − y, σ's error and one rounding.
            const test::bound::BceBounds bd = test::bound::bce(Z, Y);
            DL_EXPECT_AGREE(Ac, A, bd.A, test::kTwins);
            DL_EXPECT_AGREE(Lc, L, bd.L, test::kTwins);
            DL_EXPECT_AGREE(dZc, dZ, bd.dZ, test::kTwins);
        }
    }
}
