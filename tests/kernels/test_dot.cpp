// Dot product and full sum: hand-computed values, a long sum against a double-precision
// reference (rel <= 1e-5 for Eigen's float sum of 1e6 terms), and CPU vs CUDA parity
// (a reduction: rel <= 1e-4 of max(|ref|, 1)).
#include "kernels/dot.hpp"

#include "test_util.hpp"

using namespace dl;

TEST(Dot, HandComputed) {
    // (1, 2, 3) · (4, −5, 6) = 4 − 10 + 18 = 12; the sum of 1..6 is 21.
    Tensor a = Tensor::from_values(Shape::column(3), {1, 2, 3});
    Tensor b = Tensor::from_values(Shape::column(3), {4, -5, 6});
    EXPECT_EQ(dot_value(a, b), 12.0);
    Tensor X = Tensor::from_values(Shape::matrix(2, 3), {1, 2, 3, 4, 5, 6});
    Tensor out(Shape::matrix(1, 1));
    sum_all(X, out);
    EXPECT_EQ(out.at(0, 0), 21.0);
    Tensor empty(Shape::matrix(0, 3));
    sum_all(empty, out);
    EXPECT_EQ(out.at(0, 0), 0.0);
}

TEST(Dot, MillionElementsAgreeWithDouble) {
    Rng rng(4);
    const int64_t n = 1000000;
    Tensor a = test::randn(Shape::column(n), rng), b = test::randn(Shape::column(n), rng);
    double ref = 0, mag = 0;
    const float* pa = a.data<float>();
    const float* pb = b.data<float>();
    for (int64_t i = 0; i < n; ++i) {
        ref += double(pa[i]) * double(pb[i]);
        mag += std::abs(double(pa[i]) * double(pb[i]));
    }
    // Relative to Σ|a_i b_i| (the sum itself may be near 0 and loses its relative meaning).
    EXPECT_LE(std::abs(dot_value(a, b) - ref) / mag, 1e-5);
}

TEST(Dot, ShapeMismatchThrows) {
    Tensor a(Shape::column(3)), b(Shape::row(3)), out(Shape::matrix(1, 1)), bad(Shape::row(2));
    EXPECT_THROW(dot(a, b, out), Error);  // a column is not a row
    EXPECT_THROW(dot(a, a, bad), Error);
}

TEST(DotCuda, MatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
    Rng rng(9);
    auto sizes = test::odd_sizes();
    sizes.push_back({1000000, 1});
    sizes.push_back({257, 1023});
    for (auto [n, m] : sizes) {
        SCOPED_TRACE(cat(n, "x", m));
        Tensor a = test::randn(Shape::matrix(n, m), rng), b = test::randn(Shape::matrix(n, m), rng);
        Tensor out(Shape::matrix(1, 1)), s(Shape::matrix(1, 1));
        dot(a, b, out);
        sum_all(a, s);
        Tensor oc = test::poisoned(out.shape(), Device::CUDA), sc = test::poisoned(s.shape(), Device::CUDA);
        Tensor ac = a.to(Device::CUDA), bc = b.to(Device::CUDA);
        dot(ac, bc, oc);
        sum_all(ac, sc);
        // Both sums carry rounding of order 1e-7·sqrt(n·m)·(typical |term|): compare with a
        // floor of sqrt(n·m), the size of a random sum.
        const double floor = std::sqrt(double(n * m));
        DL_EXPECT_CLOSE(oc, out, 1e-4, floor);
        DL_EXPECT_CLOSE(sc, s, 1e-4, floor);
    }
}

TEST(DotCuda, EmptyGivesZero) {
    DL_REQUIRE_CUDA();
    Tensor e = Tensor::zeros(Shape::matrix(0, 3), DType::F32, Device::CUDA);
    Tensor out = test::poisoned(Shape::matrix(1, 1), Device::CUDA);
    sum_all(e, out);
    EXPECT_EQ(out.at(0, 0), 0.0);
    Tensor out2 = test::poisoned(Shape::matrix(1, 1), Device::CUDA);
    dot(e, e, out2);
    EXPECT_EQ(out2.at(0, 0), 0.0);
}
