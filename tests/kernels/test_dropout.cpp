// dl::dropout_forward / dl::dropout_backward: the mask is the counter-based generator's bits
// against the integer threshold, scaled; a share keep_prob of the units survives; the inverted
// form keeps the expectation; the same key gives the same mask, a new step a new one; CPU vs
// CUDA parity is exact (the decisions are integer comparisons of identical bits).
#include <cmath>

#include "kernels/dropout.hpp"
#include "test_util.hpp"

namespace dl {
namespace {

TEST(Dropout, MaskIsTheGeneratorsBitsBelowTheThreshold) {
    for (auto [r, c] : test::odd_sizes()) {
        Rng rng(r + c);
        const Tensor X = test::randn(Shape::matrix(r, c), rng);
        Tensor Y = test::poisoned(X.shape(), Device::CPU), D = test::poisoned(X.shape(), Device::CPU);
        const DropoutKey key{42, 7, 3};
        dropout_forward(X, Y, D, 0.8, 1.0 / 0.8, key);
        const auto x = X.values(), y = Y.values(), d = D.values();
        const uint64_t t = philox_threshold(0.8);
        for (std::size_t i = 0; i < x.size(); ++i) {
            const bool keep = philox_bits(42, 7, 3, i) < t;
            EXPECT_EQ(d[i], keep ? float(1.0 / 0.8) : 0.0f) << "element " << i;
            EXPECT_EQ(y[i], float(x[i]) * float(d[i])) << "element " << i;
        }
    }
}

TEST(Dropout, KeepsAShareKeepProbAndInvertedKeepsTheMean) {
    // 100,000 units of value 1: about p·n survive, each scaled to 1/p, so the mean stays 1.
    const int64_t n = 100000;
    const Tensor X = Tensor::full(Shape::matrix(100, 1000), 1.0);
    Tensor Y(X.shape()), D(X.shape());
    for (double p : {0.5, 0.8, 0.95}) {
        dropout_forward(X, Y, D, p, 1.0 / p, {1, 0, 0});
        double kept = 0, mean = 0;
        for (double v : Y.values()) kept += v != 0, mean += v;
        mean /= double(n);
        const double sd = std::sqrt(n * p * (1 - p));  // binomial spread of the count
        EXPECT_NEAR(kept, n * p, 5 * sd) << "p = " << p;
        EXPECT_NEAR(mean, 1.0, 5 * sd / (n * p)) << "p = " << p;
    }
}

TEST(Dropout, KeepProbOneIsTheIdentityAndTextbookScaleIsOne) {
    Rng rng(2);
    const Tensor X = test::randn(Shape::matrix(5, 7), rng);
    Tensor Y(X.shape()), D(X.shape());
    dropout_forward(X, Y, D, 1.0, 1.0, {3, 4, 5});
    EXPECT_EQ(Y.values(), X.values());
    dropout_forward(X, Y, D, 0.5, 1.0, {3, 4, 5});  // textbook: D ∈ {0, 1}
    for (double d : D.values()) EXPECT_TRUE(d == 0.0 || d == 1.0);
}

TEST(Dropout, SameKeySameMaskNewStepOrLayerNewMask) {
    const Tensor X = Tensor::full(Shape::matrix(64, 32), 1.0);
    Tensor D1(X.shape()), D2(X.shape()), Y(X.shape());
    dropout_forward(X, Y, D1, 0.5, 2.0, {9, 10, 1});
    dropout_forward(X, Y, D2, 0.5, 2.0, {9, 10, 1});
    EXPECT_EQ(D1.values(), D2.values());
    for (const DropoutKey k : {DropoutKey{9, 11, 1}, DropoutKey{9, 10, 2}, DropoutKey{8, 10, 1}}) {
        dropout_forward(X, Y, D2, 0.5, 2.0, k);
        int same = 0;
        const auto a = D1.values(), b = D2.values();
        for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
        // Two independent masks at p = ½ agree on about half of the 2048 units (σ ≈ 23).
        EXPECT_NEAR(same, 1024, 150);
    }
}

TEST(Dropout, BackwardAppliesTheMaskInPlaceToo) {
    // dY = (1, 2, 3), D = (2, 0, 2) → dX = (2, 0, 6).
    const Tensor dY = Tensor::from_values(Shape::column(3), {1, 2, 3});
    const Tensor D = Tensor::from_values(Shape::column(3), {2, 0, 2});
    Tensor dX = test::poisoned(Shape::column(3), Device::CPU);
    dropout_backward(dY, D, dX);
    EXPECT_EQ(dX.values(), (std::vector<double>{2, 0, 6}));
    Tensor g = dY.clone();
    dropout_backward(g, D, g);  // dX may be dY
    EXPECT_EQ(g.values(), (std::vector<double>{2, 0, 6}));
    Tensor wrong(Shape::column(4));
    EXPECT_THROW(dropout_backward(dY, D, wrong), Error);
    Tensor Y(Shape::column(3)), M(Shape::column(3));
    EXPECT_THROW(dropout_forward(dY, Y, M, 0.0, 1.0, {}), Error);  // keep_prob 0
    EXPECT_THROW(dropout_forward(dY, Y, M, 1.5, 1.0, {}), Error);
}

TEST(Dropout, Float64MatchesTheFloat32Mask) {
    // The mask depends on the key and the position only, not on the type.
    Rng rng(4);
    const Tensor X = test::randn(Shape::matrix(9, 11), rng);
    const Tensor X64 = Tensor::from_values(X.shape(), X.values(), DType::F64);
    Tensor Y(X.shape()), D(X.shape()), Y64(X.shape(), DType::F64), D64(X.shape(), DType::F64);
    dropout_forward(X, Y, D, 0.7, 1.0, {5, 6, 7});
    dropout_forward(X64, Y64, D64, 0.7, 1.0, {5, 6, 7});
    EXPECT_EQ(D.values(), D64.values());
}

TEST(DropoutCuda, SameMaskAndOutputAsCpu) {
    DL_REQUIRE_CUDA();
    for (auto [r, c] : test::odd_sizes()) {
        Rng rng(r * 7 + c);
        const Tensor X = test::randn(Shape::matrix(r, c), rng);
        for (double p : {0.5, 0.8, 1.0}) {
            const DropoutKey key{123456789012345ull, 77, 0xdeadbeef};
            Tensor Y(X.shape()), D(X.shape());
            dropout_forward(X, Y, D, p, 1.0 / p, key);
            const Tensor gX = X.to(Device::CUDA);
            Tensor gY = test::poisoned(X.shape(), Device::CUDA);
            Tensor gD = test::poisoned(X.shape(), Device::CUDA);
            dropout_forward(gX, gY, gD, p, 1.0 / p, key);
            // Identical bits and integer decisions; the products x·d round the same way.
            EXPECT_EQ(gD.values(), D.values()) << r << "x" << c << " p = " << p;
            EXPECT_EQ(gY.values(), Y.values()) << r << "x" << c << " p = " << p;
            const Tensor dY = test::randn(X.shape(), rng);
            Tensor dX(X.shape());
            dropout_backward(dY, D, dX);
            Tensor gdX = test::poisoned(X.shape(), Device::CUDA);
            dropout_backward(dY.to(Device::CUDA), gD, gdX);
            EXPECT_EQ(gdX.values(), dX.values());
        }
    }
}

}  // namespace
}  // namespace dl
