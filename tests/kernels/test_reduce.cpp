// Row and column sums/means: hand-computed values, then CPU vs CUDA parity.
//
// Tolerance: a sum of m float32 terms in any order (serial, a tree, chunks added again) is off
// by at most γ_{m−1}·Σ|x| (tests/tolerances.hpp), the mean's 1/m two roundings more:
// γ_{m+1}·|scale|·Σ_j |X(i, j)| for each twin. The shapes include the ones that make the GPU
// split a row or a column into chunks and add the chunks' sums in a second pass.
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

namespace {
// Row sums and column means (and row means, column sums) of X on both devices, compared.
void reduce_parity(const Tensor& X) {
    const int64_t n = X.rows(), m = X.cols();
    const Tensor Xc = X.to(Device::CUDA);
    const double inv_m = m ? 1.0 / double(m) : 0.0, inv_n = n ? 1.0 / double(n) : 0.0;
    for (bool mean : {false, true}) {
        SCOPED_TRACE(mean ? "means" : "sums");
        Tensor r(Shape::column(n)), c(Shape::row(m));
        Tensor rc = test::poisoned(r.shape(), Device::CUDA);
        Tensor cc = test::poisoned(c.shape(), Device::CUDA);
        if (mean) {
            row_means(X, r), row_means(Xc, rc), col_means(X, c), col_means(Xc, cc);
        } else {
            row_sums(X, r), row_sums(Xc, rc), col_sums(X, c), col_sums(Xc, cc);
        }
        DL_EXPECT_AGREE(rc, r, test::bound::row_sums(X, mean ? inv_m : 1.0), test::kTwins);
        DL_EXPECT_AGREE(cc, c, test::bound::col_sums(X, mean ? inv_n : 1.0), test::kTwins);
    }
}
}  // namespace

TEST(ReduceCuda, MatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
    for (uint64_t seed : {5, 6, 7}) {
        Rng rng(seed);
        for (auto [n, m] : test::odd_sizes()) {
            SCOPED_TRACE(cat(n, "x", m, " seed ", seed));
            reduce_parity(test::randn(Shape::matrix(n, m), rng));
        }
    }
}

TEST(ReduceCuda, ShapesThatSplitIntoChunksAreExactOnIntegers) {
    DL_REQUIRE_CUDA();
    // Many rows and few columns (the bias gradient of a wide layer), one long row, one long
    // column, few rows and many columns (a class-score batch), and sizes one past a warp and a
    // chunk: each makes the GPU split rows or columns and add the parts in a second pass.
    // Integers in [−8, 8] keep every partial sum an integer below 2^24, which float32 adds
    // exactly in any order: the sums must equal the exact ones, so a chunk dropped, counted
    // twice or written to the wrong row shows (γ_m·Σ|x| would hide it for long rows). The means
    // round twice more (1/m, the product).
    Rng rng(8);
    for (auto [n, m] : std::vector<std::pair<int64_t, int64_t>>{
             {4096, 64}, {1, 1000003}, {1000003, 1}, {10, 100001}, {33, 20000}, {257, 4099}}) {
        SCOPED_TRACE(cat(n, "x", m));
        Tensor X(Shape::matrix(n, m));
        float* x = X.data<float>();
        for (int64_t i = 0; i < X.numel(); ++i) x[i] = float(int64_t(rng.below(17)) - 8);
        const Tensor X64 = Tensor::from_values(X.shape(), X.values(), DType::F64);
        const Tensor Xc = X.to(Device::CUDA);
        Tensor r(Shape::column(n), DType::F64), c(Shape::row(m), DType::F64);
        row_sums(X64, r);
        col_sums(X64, c);
        Tensor rc = test::poisoned(r.shape(), Device::CUDA), cc = test::poisoned(c.shape(), Device::CUDA);
        row_sums(Xc, rc);
        col_sums(Xc, cc);
        DL_EXPECT_AGREE(rc.values(), r.values(), std::vector<double>(std::size_t(n), 0.0), 1);
        DL_EXPECT_AGREE(cc.values(), c.values(), std::vector<double>(std::size_t(m), 0.0), 1);
        row_means(Xc, rc);
        col_means(Xc, cc);
        Tensor rm(Shape::column(n), DType::F64), cm(Shape::row(m), DType::F64);
        row_means(X64, rm);
        col_means(X64, cm);
        DL_EXPECT_AGREE(rc, rm, test::bound::roundings(rm.values(), 2), 1);
        DL_EXPECT_AGREE(cc, cm, test::bound::roundings(cm.values(), 2), 1);
    }
}

TEST(ReduceCuda, LongSumOfOnesIsExact) {
    DL_REQUIRE_CUDA();
    // 2^24 − 1 ones: every partial sum is an integer below 2^24, so float32 adds them exactly.
    // One running sum per row is exact too, but a dropped or doubled chunk is not.
    const int64_t m = (int64_t{1} << 24) - 1;
    Tensor X = Tensor::full(Shape::matrix(1, m), 1.0, DType::F32, Device::CUDA);
    Tensor r = test::poisoned(Shape::column(1), Device::CUDA);
    row_sums(X, r);
    EXPECT_EQ(r.at(0, 0), double(m));
    Tensor c = test::poisoned(Shape::row(1), Device::CUDA);
    col_sums(X.reshape(Shape::matrix(m, 1)), c);
    EXPECT_EQ(c.at(0, 0), double(m));
}

TEST(ReduceCuda, EmptySidesGiveZeros) {
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
}
