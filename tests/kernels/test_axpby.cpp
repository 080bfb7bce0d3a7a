// dl::axpby (Y ← α·X + β·Y): hand-computed values, BLAS's rule for α = 0 and β = 0, float64,
// and CPU vs CUDA parity.
#include <cmath>

#include "kernels/axpby.hpp"
#include "test_util.hpp"

namespace dl {
namespace {

TEST(Axpby, HandComputedAndTheZeroRules) {
    const Tensor X = Tensor::from_values(Shape::matrix(1, 3), {1, 2, 3});
    Tensor Y = Tensor::from_values(Shape::matrix(1, 3), {10, 20, 30});
    axpby(2.0, X, 0.5, Y);  // 2·(1, 2, 3) + ½·(10, 20, 30)
    EXPECT_EQ(Y.values(), (std::vector<double>{7, 14, 21}));
    axpby(1.0, X, 1.0, Y);  // += X
    EXPECT_EQ(Y.values(), (std::vector<double>{8, 16, 24}));
    scale(Y, 0.25);
    EXPECT_EQ(Y.values(), (std::vector<double>{2, 4, 6}));
    // β = 0 never reads Y, α = 0 never reads X: NaN there does not leak.
    Tensor nanY = Tensor::full(Shape::matrix(1, 3), std::nan(""));
    axpby(1.0, X, 0.0, nanY);
    EXPECT_EQ(nanY.values(), X.values());
    const Tensor nanX = Tensor::full(Shape::matrix(1, 3), std::nan(""));
    axpby(0.0, nanX, 3.0, Y);
    EXPECT_EQ(Y.values(), (std::vector<double>{6, 12, 18}));
    // Same number of elements in any shape; otherwise an error naming both.
    Tensor col(Shape::column(3));
    axpby(1.0, X, 0.0, col);
    EXPECT_EQ(col.values(), X.values());
    Tensor four(Shape::column(4));
    EXPECT_THROW(axpby(1.0, X, 0.0, four), Error);
}

TEST(Axpby, Float64KeepsDoubleScalars) {
    const Tensor X = Tensor::from_values(Shape::column(1), {3.0}, DType::F64);
    Tensor Y = Tensor::from_values(Shape::column(1), {1.0}, DType::F64);
    axpby(0.1, X, 1.0 / 3.0, Y);
    EXPECT_NEAR(Y.at(0, 0), 0.1 * 3.0 + 1.0 / 3.0, 1e-16);
}

TEST(AxpbyCuda, MatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
    for (auto [r, c] : test::odd_sizes()) {
        Rng rng(r * 7 + c);
        const Tensor X = test::randn(Shape::matrix(r, c), rng);
        const Tensor Y0 = test::randn(X.shape(), rng);
        for (auto [a, b] : std::vector<std::pair<double, double>>{{1, 1}, {0.3, -2}, {1, 0}, {0, 0.5}}) {
            Tensor Y = Y0.clone();
            axpby(a, X, b, Y);
            Tensor gY = Y0.to(Device::CUDA);
            axpby(a, X.to(Device::CUDA), b, gY);
            // One multiply-add per element: at most a few float32 roundings apart (FMA or not).
            DL_EXPECT_CLOSE(gY, Y, 1e-6, 1.0);
        }
    }
}

}  // namespace
}  // namespace dl
