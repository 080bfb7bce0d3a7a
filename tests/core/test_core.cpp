// Core types: shapes, tensors and their views, the RNG's determinism, half conversions.
#include <cmath>

#include "core/half.hpp"
#include "test_util.hpp"

using namespace dl;

TEST(Shape, LayoutAndMatrixView) {
    Shape img = Shape::images(64, 3, 28, 28);
    EXPECT_EQ(img.str(), "[28 x 28 x 3 x 64]");
    EXPECT_EQ(img.rows(), 3 * 28 * 28);  // CHW inside each column
    EXPECT_EQ(img.cols(), 64);           // samples last
    EXPECT_EQ(Shape::sequence(5, 8, 10).rows(), 40);
    EXPECT_EQ(Shape::matrix(3, 4).numel(), 12);
}

TEST(Shape, RankOneIsRejectedWithTheReason) {
    try {
        Shape s{5};
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("rank-1"), std::string::npos) << e.what();
    }
    EXPECT_THROW((Shape{2, -1}), Error);
}

TEST(Tensor, SliceColsSharesStorage) {
    Tensor X = Tensor::from_values(Shape::matrix(2, 3), {1, 2, 3, 4, 5, 6});
    Tensor mid = X.slice_cols(1, 3);
    EXPECT_EQ(mid.shape(), Shape::matrix(2, 2));
    EXPECT_EQ(mid.values(), (std::vector<double>{3, 4, 5, 6}));
    mid.fill(0);
    EXPECT_EQ(X.values(), (std::vector<double>{1, 2, 0, 0, 0, 0}));
    EXPECT_THROW(X.slice_cols(2, 4), Error);
}

TEST(Tensor, CloneIsIndependentAndReshapeChecksCount) {
    Tensor X = Tensor::full(Shape::matrix(2, 2), 3.0);
    Tensor Y = X.clone();
    Y.fill(1.0);
    EXPECT_EQ(X.at(1, 1), 3.0);
    EXPECT_EQ(X.reshape(Shape::row(4)).shape(), Shape::row(4));
    EXPECT_THROW(X.reshape(Shape::row(5)), Error);
    EXPECT_THROW(X.data<double>(), Error);  // holds float32
}

TEST(Device, ParseAndRequire) {
    EXPECT_EQ(parse_device("cpu"), Device::CPU);
    EXPECT_THROW(parse_device("tpu"), UsageError);
    if (!cuda_available()) {
        EXPECT_FALSE(cuda_unavailable_reason().empty());
        EXPECT_THROW(require_device(Device::CUDA), Error);
        EXPECT_THROW(Tensor(Shape::matrix(1, 1), DType::F32, Device::CUDA), Error);
    }
}

TEST(Rng, SameSeedSameNumbersKnownFirstValues) {
    Rng a(42), b(42), c(43);
    std::vector<double> va, vb;
    for (int i = 0; i < 5; ++i) {
        va.push_back(a.uniform());
        vb.push_back(b.uniform());
    }
    EXPECT_EQ(va, vb);
    EXPECT_NE(va[0], c.uniform());
    for (double v : va) {
        EXPECT_GE(v, 0.0);
        EXPECT_LT(v, 1.0);
    }
}

TEST(Rng, NormalHasRightMoments) {
    Rng r(1);
    const int n = 200000;
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
        double x = r.normal(2.0, 3.0);
        s += x;
        s2 += x * x;
    }
    const double mean = s / n, var = s2 / n - mean * mean;
    EXPECT_NEAR(mean, 2.0, 0.03);
    EXPECT_NEAR(var, 9.0, 0.1);
}

TEST(Rng, PermutationIsAPermutation) {
    Rng r(3);
    auto p = r.permutation(100);
    std::vector<int64_t> sorted = p;
    std::sort(sorted.begin(), sorted.end());
    for (int64_t i = 0; i < 100; ++i) EXPECT_EQ(sorted[i], i);
    EXPECT_NE(p, sorted);
}

TEST(Half, RoundTripsKnownValues) {
    EXPECT_EQ(float_to_half_bits(1.0f), 0x3c00);
    EXPECT_EQ(float_to_half_bits(-2.0f), 0xc000);
    EXPECT_EQ(float_to_half_bits(65504.0f), 0x7bff);
    EXPECT_EQ(float_to_half_bits(1e6f), 0x7c00);                 // overflow to inf
    EXPECT_EQ(float_to_half_bits(std::ldexp(1.0f, -24)), 0x0001);  // smallest subnormal
    EXPECT_EQ(half_bits_to_float(0x3555), 0.333251953125f);
    EXPECT_EQ(float_to_half_bits(1.0f + std::ldexp(1.0f, -11)), 0x3c00);  // tie to even
    EXPECT_EQ(float_to_bfloat16_bits(1.0f), 0x3f80);
    EXPECT_EQ(bfloat16_bits_to_float(0x4049), 3.140625f);
    Tensor h = Tensor::from_values(Shape::row(2), {0.1, 3.0}, DType::F16);
    EXPECT_NEAR(h.values()[0], 0.0999755859375, 0);
}
