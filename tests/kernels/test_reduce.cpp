// Row and column sums/means: hand-computed values, then CPU vs CUDA parity (relative error
// <= 1e-5 of max(|ref|, 1); the sums have at most a few hundred terms).
#include "kernels/reduce.hpp"

#include "test_util.hpp"

using namespace dl;

TEST(Reduce, HandComputedSumsAndMeans) {
    // X = [1 2 3; 4 5 6]
    Tensor X = Tensor::from_values(Shape::matrix(2, 3), {1, 4, 2, 5, 3, 6});
    Tensor r(Shape::column(2)), c(Shape::row(3));
    row_sums(X, r);
    EXPECT_EQ(r.values(), (std::vector<double>{6, 15}));
    row_means(X, r);
    EXPECT_EQ(r.values(), (std::vector<double>{2, 5}));
    col_sums(X, c);
    EXPECT_EQ(c.values(), (std::vector<double>{5, 7, 9}));
    col_means(X, c);
    EXPECT_EQ(c.values(), (std::vector<double>{2.5, 3.5, 4.5}));
}

TEST(Reduce, WrongOutputShapeThrows) {
    Tensor X = Tensor::zeros(Shape::matrix(2, 3));
    Tensor bad(Shape::row(2));
    EXPECT_THROW(row_sums(X, bad), Error);
    Tensor bad2(Shape::column(3));
    EXPECT_THROW(col_sums(X, bad2), Error);
}

TEST(ReduceCuda, MatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
    Rng rng(5);
    for (auto [n, m] : test::odd_sizes()) {
        SCOPED_TRACE(cat(n, "x", m));
        Tensor X = test::randn(Shape::matrix(n, m), rng);
        Tensor Xc = X.to(Device::CUDA);
        Tensor r(Shape::column(n)), c(Shape::row(m));
        Tensor rc = test::poisoned(r.shape(), Device::CUDA);
        Tensor cc = test::poisoned(c.shape(), Device::CUDA);
        row_sums(X, r);
        row_sums(Xc, rc);
        DL_EXPECT_CLOSE(rc, r, 1e-5, 1.0);
        col_means(X, c);
        col_means(Xc, cc);
        DL_EXPECT_CLOSE(cc, c, 1e-5, 1.0);
    }
}

TEST(ReduceCuda, EmptySidesGiveZerosAndRowMeansColSumsMatch) {
    DL_REQUIRE_CUDA();
    // No columns: every row sum is 0. No rows: every column sum is 0 (poisoned outputs).
    Tensor X0 = Tensor::zeros(Shape::matrix(5, 0), DType::F32, Device::CUDA);
    Tensor r = test::poisoned(Shape::column(5), Device::CUDA);
    row_sums(X0, r);
    EXPECT_EQ(r.values(), std::vector<double>(5, 0.0));
    Tensor Y0 = Tensor::zeros(Shape::matrix(0, 4), DType::F32, Device::CUDA);
    Tensor c = test::poisoned(Shape::row(4), Device::CUDA);
    col_sums(Y0, c);
    EXPECT_EQ(c.values(), std::vector<double>(4, 0.0));
    // The other two entry points (row_means, col_sums) on the odd sizes.
    Rng rng(6);
    for (auto [n, m] : test::odd_sizes()) {
        SCOPED_TRACE(cat(n, "x", m));
        Tensor X = test::randn(Shape::matrix(n, m), rng);
        Tensor Xc = X.to(Device::CUDA);
        Tensor rm(Shape::column(n)), cs(Shape::row(m));
        Tensor rmc = test::poisoned(rm.shape(), Device::CUDA);
        Tensor csc = test::poisoned(cs.shape(), Device::CUDA);
        row_means(X, rm);
        row_means(Xc, rmc);
        DL_EXPECT_CLOSE(rmc, rm, 1e-5, 1.0);
        col_sums(X, cs);
        col_sums(Xc, csc);
        DL_EXPECT_CLOSE(csc, cs, 1e-5, 1.0);
    }
}
