// Dot product and full sum: hand-computed values, a long sum against a double-precision
// reference (rel <= 1e-5 for Eigen's float sum of 1e6 terms), and the CUDA twin against a
// double-precision reference.
//
// Tolerance of the CUDA twin (dot_cuda.cu): an element passes through at most
// ⌈n / (256 blocks · 256 threads)⌉ additions in its thread and 8 + 8 levels of the two trees,
// plus its product: γ_{depth+1}·Σ|a_i·b_i| (tests/tolerances.hpp). For n = 10^6 the depth is
// 32, so the bound is 2e-6·Σ|a_i b_i|, where a serial sum would be allowed γ_{10^6} = 6 %.
#include "kernels/dot.hpp"

#include <cmath>
#include <functional>
#include <thread>

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

namespace {
/// The deepest chain of additions in dot_cuda.cu's summation for n terms.
double gpu_depth(int64_t n) {
    const double per_thread = std::ceil(double(n) / (256.0 * 256.0));
    return per_thread + 8 + 8;
}
/// The same numbers as a float64 CPU tensor: the reference is computed in double.
Tensor in_double(const Tensor& t) { return Tensor::from_values(t.shape(), t.values(), DType::F64); }
}  // namespace

TEST(DotCuda, MatchesDoubleReferenceOnOddSizes) {
    DL_REQUIRE_CUDA();
    auto sizes = test::odd_sizes();
    sizes.push_back({1000000, 1});
    sizes.push_back({257, 1023});
    for (uint64_t seed : {9, 10}) {
        Rng rng(seed);
        for (auto [n, m] : sizes) {
            SCOPED_TRACE(cat(n, "x", m, " seed ", seed));
            Tensor a = test::randn(Shape::matrix(n, m), rng), b = test::randn(Shape::matrix(n, m), rng);
            Tensor out(Shape::matrix(1, 1), DType::F64), s(Shape::matrix(1, 1), DType::F64);
            dot(in_double(a), in_double(b), out);
            sum_all(in_double(a), s);
            Tensor oc = test::poisoned(out.shape(), Device::CUDA), sc = test::poisoned(s.shape(), Device::CUDA);
            Tensor ac = a.to(Device::CUDA), bc = b.to(Device::CUDA);
            dot(ac, bc, oc);
            sum_all(ac, sc);
            const double depth = gpu_depth(n * m);
            DL_EXPECT_AGREE(oc.values(), out.values(), test::bound::dot(a, &b, depth), 1);
            DL_EXPECT_AGREE(sc.values(), s.values(), test::bound::dot(a, nullptr, depth), 1);
        }
    }
}

TEST(DotCuda, IntegerInputsSumExactly) {
    DL_REQUIRE_CUDA();
    // Integers in [−4, 4]: every product and partial sum is an integer below 16·n < 2^24, so
    // float32 is exact in any order and the GPU must give the exact sums (a block's partial sum
    // lost or added twice shows, where γ·Σ|a_i·b_i| is loose for n = 10^6).
    Rng rng(16);
    for (int64_t n : {1, 255, 256 * 256 + 1, 1000003}) {
        SCOPED_TRACE(cat("n=", n));
        Tensor a(Shape::column(n)), b(Shape::column(n));
        for (int64_t i = 0; i < n; ++i) {
            a.data<float>()[i] = float(int64_t(rng.below(9)) - 4);
            b.data<float>()[i] = float(int64_t(rng.below(9)) - 4);
        }
        double want_dot = 0, want_sum = 0;
        for (int64_t i = 0; i < n; ++i) {
            want_dot += double(a.data<float>()[i]) * b.data<float>()[i];
            want_sum += a.data<float>()[i];
        }
        Tensor out = test::poisoned(Shape::matrix(1, 1), Device::CUDA);
        dot(a.to(Device::CUDA), b.to(Device::CUDA), out);
        EXPECT_EQ(out.at(0, 0), want_dot);
        sum_all(a.to(Device::CUDA), out);
        EXPECT_EQ(out.at(0, 0), want_sum);
    }
}

TEST(DotCuda, CallsFromTwoThreadsKeepTheirOwnPartialSums) {
    DL_REQUIRE_CUDA();
    // Two host threads launch dot products on the same (default) stream, so their launches
    // interleave: partial sums of one call, then of the other, then the two final sums. With
    // one scratch buffer for the whole process the first final sum would read the second
    // call's partial sums. Sums of ±1 are exact in float32, so any mix-up shows.
    const int64_t n = 100000;
    const std::vector<double> ones(static_cast<std::size_t>(n), 1.0);
    std::vector<double> signs(static_cast<std::size_t>(n));
    for (int64_t i = 0; i < n; ++i) signs[std::size_t(i)] = i % 4 == 0 ? -1.0 : 1.0;
    const Tensor a = Tensor::from_values(Shape::column(n), ones).to(Device::CUDA);
    const Tensor b = Tensor::from_values(Shape::column(n), signs).to(Device::CUDA);
    auto worker = [&](const Tensor& x, double want, int* wrong) {
        Tensor out(Shape::matrix(1, 1), DType::F32, Device::CUDA);
        for (int r = 0; r < 200; ++r) {
            dot(x, a, out);  // a·a = n, b·a = n − 2·(n/4) = n/2
            if (out.at(0, 0) != want) ++*wrong;
        }
    };
    int wrong_a = 0, wrong_b = 0;
    std::thread t1(worker, std::cref(a), double(n), &wrong_a);
    std::thread t2(worker, std::cref(b), double(n / 2), &wrong_b);
    t1.join();
    t2.join();
    EXPECT_EQ(wrong_a, 0);
    EXPECT_EQ(wrong_b, 0);
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
