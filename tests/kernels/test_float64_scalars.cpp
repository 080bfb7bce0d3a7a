/// @file test_float64_scalars.cpp
/// @brief float64 must be float64 everywhere: the kernels' scalars (α, β, scale, lr, the
/// optimizer's β's and bias corrections) are doubles in every contract.
///
/// A scalar rounded to float32 on the way into a float64 kernel costs up to 2⁻²⁴ ≈ 6e-8 of
/// relative error: 1/33 in float32 is 1/33·(1 + 3.0e-8). That alone eats a third of the
/// lecture's 1e-7 gradient-check budget. Every check below compares a float64 kernel with the
/// same formula evaluated in long double (or exactly) at sizes that are not powers of two, so
/// 1/m is not exact in binary; the bound 1e-14 leaves room for summation order only.
#include <Eigen/Dense>

#include "core/eigen_view.hpp"
#include "kernels/adam.hpp"
#include "kernels/matmul.hpp"
#include "kernels/momentum.hpp"
#include "kernels/reduce.hpp"
#include "kernels/sgd.hpp"
#include "test_util.hpp"

namespace dl {
namespace {

double max_rel(const MatrixD& got, const MatrixD& want) {
    return (got - want).cwiseAbs().maxCoeff() / std::max(1e-300, want.cwiseAbs().maxCoeff());
}

TEST(Float64Scalars, MatmulAlphaOneOverMIsNotRoundedToFloat) {
    Rng rng(3);
    for (int64_t m : {33, 7, 129}) {
        const Tensor dZ = test::randn(Shape::matrix(5, m), rng, 1.0, DType::F64);
        const Tensor A = test::randn(Shape::matrix(4, m), rng, 1.0, DType::F64);
        Tensor dW(Shape::matrix(5, 4), DType::F64);
        matmul(dZ, A, dW, Trans::N, Trans::T, 1.0 / double(m));  // dW = (1/m)·dZ·Aᵀ
        const MatrixD want = (mat<double>(dZ) * mat<double>(A).transpose()) / double(m);
        EXPECT_LT(max_rel(mat<double>(dW), want), 1e-14) << "m = " << m;
        // The float32-rounded scalar would be off by about 3e-8 relative: make sure the test
        // could see it.
        const double alpha_f = static_cast<float>(1.0 / double(m));
        EXPECT_GT(std::abs(alpha_f * double(m) - 1.0), 1e-10) << "1/" << m << " is exact in float";
    }
}

TEST(Float64Scalars, RowSumsAndMeansKeepDoubleScale) {
    Rng rng(4);
    const int64_t m = 33;
    const Tensor X = test::randn(Shape::matrix(6, m), rng, 1.0, DType::F64);
    Tensor s(Shape::column(6), DType::F64), mean(Shape::column(6), DType::F64);
    row_sums(X, s, 1.0 / double(m));
    row_means(X, mean);
    const MatrixD want = mat<double>(X).rowwise().sum() / double(m);
    EXPECT_LT(max_rel(mat<double>(s), want), 1e-14);
    EXPECT_LT(max_rel(mat<double>(mean), want), 1e-14);
}

TEST(Float64Scalars, SgdAndMomentumUseTheDoubleLearningRate) {
    const double lr = 0.1, beta = 0.9;  // neither is exact in binary
    Tensor W = Tensor::from_values(Shape::column(3), {1.0, -2.0, 3.0}, DType::F64);
    const Tensor dW = Tensor::from_values(Shape::column(3), {0.3, 0.7, -1.1}, DType::F64);
    sgd_update(W, dW, lr);
    // The double expression, up to one rounding (the kernel may fuse it into an FMA); a float32
    // learning rate would be off by about 1.5e-9 here.
    EXPECT_NEAR(W.at(0, 0), 1.0 - 0.1 * 0.3, 1e-15);
    EXPECT_NEAR(W.at(2, 0), 3.0 - 0.1 * -1.1, 1e-15);
    Tensor V = Tensor::zeros(Shape::column(3), DType::F64);
    Tensor W2 = Tensor::from_values(Shape::column(3), {1.0, -2.0, 3.0}, DType::F64);
    momentum_update(W2, dW, V, lr, beta);
    const double v0 = (1.0 - 0.9) * 0.3;
    EXPECT_NEAR(V.at(0, 0), v0, 1e-16);
    EXPECT_NEAR(W2.at(0, 0), 1.0 - 0.1 * v0, 1e-15);
}

TEST(Float64Scalars, AdamBiasCorrectionsAreDoubles) {
    // Step t = 3 with the lecture's β₁ = 0.9, β₂ = 0.999: c2 = 1/(1 − 0.999³) = 333.667…; in
    // float32 it would carry a relative error of order 1e-8, visible in a float64 update.
    AdamParams p;
    p.lr = 0.01;
    Tensor W = Tensor::from_values(Shape::column(2), {0.5, -0.25}, DType::F64);
    const Tensor dW = Tensor::from_values(Shape::column(2), {0.2, -0.4}, DType::F64);
    Tensor V = Tensor::zeros(W.shape(), DType::F64), S = Tensor::zeros(W.shape(), DType::F64);
    long double w[2] = {0.5L, -0.25L}, v[2] = {0, 0}, s[2] = {0, 0};
    const long double g[2] = {0.2L, -0.4L};
    for (int t = 1; t <= 3; ++t) {
        adam_update(W, dW, V, S, p, t);
        const long double c1 = 1.0L / (1.0L - std::pow(0.9L, t));
        const long double c2 = 1.0L / (1.0L - std::pow(0.999L, t));
        for (int i = 0; i < 2; ++i) {
            v[i] = 0.9L * v[i] + 0.1L * g[i];
            s[i] = 0.999L * s[i] + 0.001L * g[i] * g[i];
            w[i] -= 0.01L * (v[i] * c1) / (std::sqrt(s[i] * c2) + 1e-8L);
        }
    }
    for (int i = 0; i < 2; ++i)
        EXPECT_NEAR(W.at(i, 0), double(w[i]), 1e-15) << "element " << i;
}

}  // namespace
}  // namespace dl
