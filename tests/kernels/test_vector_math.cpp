// Accuracy of the float32 CPU kernels built on SIMD e^x, tanh and log (vector_math_cpu.hpp):
// σ and tanh forward and backward, binary cross-entropy from logits, softmax and the fused
// softmax + cross-entropy, each against the same formula evaluated in double precision, over a
// sweep of float32 values (every 4093rd bit pattern with |x| < 100: ~250,000 values) and the
// extreme inputs: ±1000, ±inf, NaN, subnormals, and the element in the last partial register.
//
// Tolerances are in ulp (units in the last place of the float32 result, 2^−23 relative at most):
// Eigen's e^x and tanh are within ~1-5 ulp of the true value (measured on every 61st float32:
// exp 4.5 ulp near the bottom of the normal range, tanh 4.8 ulp), and each formula adds one
// rounding per operation. The bounds below are those sums with a little room, not fitted to
// the measurement.
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/activation.hpp"
#include "kernels/bce.hpp"
#include "kernels/softmax.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {

/// Every 4093rd float32 bit pattern with |x| < 100, then ±0.
std::vector<float> sweep() {
    std::vector<float> x;
    for (uint64_t u = 0; u < (uint64_t{1} << 32); u += 4093) {
        float f;
        const uint32_t b = static_cast<uint32_t>(u);
        std::memcpy(&f, &b, sizeof f);
        if (std::isfinite(f) && std::fabs(f) < 100.0f && std::fpclassify(f) == FP_NORMAL)
            x.push_back(f);
    }
    x.push_back(0.0f);
    x.push_back(-0.0f);
    return x;
}

/// |got − want| in units of the float32 spacing at `want` (the spacing of the smallest normal
/// float below it: results that FTZ flushes to 0 count as at most one such unit).
double ulps(float got, double want) {
    const double w = std::fabs(want);
    const double spacing = w < FLT_MIN ? FLT_MIN : std::ldexp(1.0, std::ilogb(w) - 23);
    return std::fabs(static_cast<double>(got) - want) / spacing;
}

Tensor row_of(const std::vector<float>& v) {
    Tensor t(Shape::row(static_cast<int64_t>(v.size())));
    std::memcpy(t.data<float>(), v.data(), v.size() * sizeof(float));
    return t;
}

double sigmoid_ref(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace

TEST(VectorMath, SigmoidWithin5UlpOfDouble) {
    const std::vector<float> x = sweep();
    Tensor Z = row_of(x), A(Z.shape());
    activation_forward(Activation::Sigmoid, Z, A);
    double worst = 0.0;
    for (size_t i = 0; i < x.size(); ++i)
        worst = std::max(worst, ulps(A.data<float>()[i], sigmoid_ref(x[i])));
    // e^{−|z|} (≤ 4.5 ulp) + the sum 1 + e and the division (0.5 ulp each).
    EXPECT_LE(worst, 5.5) << "max error of σ in ulp";
}

TEST(VectorMath, TanhWithin6UlpOfDouble) {
    const std::vector<float> x = sweep();
    Tensor Z = row_of(x), A(Z.shape());
    activation_forward(Activation::Tanh, Z, A);
    double worst = 0.0;
    for (size_t i = 0; i < x.size(); ++i)
        worst = std::max(worst, ulps(A.data<float>()[i], std::tanh(double(x[i]))));
    EXPECT_LE(worst, 6.0) << "max error of tanh in ulp";  // Eigen's rational tanh: 4.8 measured
}

TEST(VectorMath, DerivativesWithinTheirFormulasError) {
    // σ' = σ(1 − σ) and tanh' = 1 − tanh², as the contract defines them, computed from the float
    // σ and tanh: near σ = 1 (tanh = ±1) the subtraction 1 − σ keeps σ's absolute error,
    // ≤ 5.5 ulp of 1 = 3.3e−7, so the bound is relative where the derivative is large and
    // absolute (3.5e−7 for σ, twice that for 1 − t² = (1 − t)(1 + t)) where it is small.
    const std::vector<float> x = sweep();
    Tensor Z = row_of(x), dA = Tensor::full(Z.shape(), 1.0), dZ(Z.shape());
    activation_backward(Activation::Sigmoid, Z, dA, dZ);
    double worst_s = 0.0, worst_t = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double s = sigmoid_ref(x[i]), want = s * (1.0 - s);
        worst_s = std::max(worst_s, std::fabs(dZ.data<float>()[i] - want) /
                                        (3.5e-7 + 8 * 0x1p-24 * want));
    }
    activation_backward(Activation::Tanh, Z, dA, dZ);
    for (size_t i = 0; i < x.size(); ++i) {
        const double t = std::tanh(double(x[i])), want = 1.0 - t * t;
        worst_t = std::max(worst_t, std::fabs(dZ.data<float>()[i] - want) /
                                        (7e-7 + 16 * 0x1p-24 * want));
    }
    EXPECT_LE(worst_s, 1.0);
    EXPECT_LE(worst_t, 1.0);
}

TEST(VectorMath, ExtremeInputsGiveTheLimits) {
    const float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
    const float sub = FLT_MIN / 8;  // subnormal: read as 0 (core/float_mode.hpp)
    // 9 values: the last one sits in the partial register of any SIMD width up to 8.
    Tensor Z = row_of({1000.0f, -1000.0f, inf, -inf, nan, sub, -sub, 88.0f, -88.0f});
    Tensor S(Z.shape()), T(Z.shape()), dS(Z.shape()), dT(Z.shape());
    Tensor dA = Tensor::full(Z.shape(), 1.0);
    activation_forward(Activation::Sigmoid, Z, S);
    activation_forward(Activation::Tanh, Z, T);
    activation_backward(Activation::Sigmoid, Z, dA, dS);
    activation_backward(Activation::Tanh, Z, dA, dT);
    const float* s = S.data<float>();
    const float* t = T.data<float>();
    EXPECT_EQ(s[0], 1.0f);
    EXPECT_EQ(s[1], 0.0f);
    EXPECT_EQ(s[2], 1.0f);
    EXPECT_EQ(s[3], 0.0f);
    EXPECT_TRUE(std::isnan(s[4]));
    EXPECT_EQ(s[5], 0.5f);
    EXPECT_EQ(s[6], 0.5f);
    EXPECT_EQ(s[7], 1.0f);
    EXPECT_LE(ulps(s[8], sigmoid_ref(-88.0)), 1.0);  // 6e−39 would be subnormal: 0 after FTZ
    EXPECT_EQ(t[0], 1.0f);
    EXPECT_EQ(t[1], -1.0f);
    EXPECT_EQ(t[2], 1.0f);
    EXPECT_EQ(t[3], -1.0f);
    EXPECT_TRUE(std::isnan(t[4]));
    EXPECT_EQ(t[5], 0.0f);
    EXPECT_EQ(t[6], 0.0f);
    EXPECT_EQ(t[7], 1.0f);
    EXPECT_EQ(t[8], -1.0f);
    for (int i : {0, 1, 2, 3, 7, 8}) {
        EXPECT_EQ(dS.data<float>()[i], 0.0f) << i;
        EXPECT_EQ(dT.data<float>()[i], 0.0f) << i;
    }
    EXPECT_TRUE(std::isnan(dS.data<float>()[4]));
    EXPECT_TRUE(std::isnan(dT.data<float>()[4]));
    EXPECT_EQ(dS.data<float>()[5], 0.25f);
    EXPECT_EQ(dT.data<float>()[5], 1.0f);
}

TEST(VectorMath, SameValueWhereverTheElementSits) {
    // The tail of an array goes through the same register code as its body: a value computed
    // alone (in a padded register) equals the same value inside a long array.
    Rng rng(5);
    Tensor Z = test::randn(Shape::row(37), rng, 4.0), A(Z.shape());
    activation_forward(Activation::Sigmoid, Z, A);
    for (int64_t i = 0; i < Z.numel(); ++i) {
        Tensor z1 = Tensor::full(Shape::row(1), Z.data<float>()[i]), a1(z1.shape());
        activation_forward(Activation::Sigmoid, z1, a1);
        EXPECT_EQ(a1.data<float>()[0], A.data<float>()[i]) << "element " << i;
    }
}

TEST(VectorMath, BceFromLogitsAgainstDouble) {
    // L = softplus(z) − y·z, A = σ(z), dZ = A − y, for y = 0 and y = 1 over the sweep. softplus
    // is max(z, 0) + log1p(e^{−|z|}): a few ulp of itself; − y·z then cancels for y = 1, z ≫ 0,
    // leaving an absolute error of a few ulp of z. Bound: 8 ulp of max(softplus(z), |z|, 1e−30).
    std::vector<float> x = sweep();
    x.push_back(1000.0f);
    x.push_back(-1000.0f);
    Tensor Z = row_of(x);
    for (float y : {0.0f, 1.0f}) {
        SCOPED_TRACE(cat("y = ", y));
        Tensor Y = Tensor::full(Z.shape(), y), A(Z.shape()), L(Z.shape()), dZ(Z.shape());
        bce_with_logits(Z, Y, A, L, dZ);
        double worst_l = 0.0, worst_a = 0.0, worst_d = 0.0;
        for (size_t i = 0; i < x.size(); ++i) {
            const double z = x[i];
            const double sp = std::max(z, 0.0) + std::log1p(std::exp(-std::fabs(z)));
            const double want = sp - y * z;
            const double scale = std::max({sp, std::fabs(z), 1e-30});
            worst_l = std::max(worst_l, std::fabs(L.data<float>()[i] - want) /
                                            (scale * 0x1p-23) / 8.0);
            worst_a = std::max(worst_a, ulps(A.data<float>()[i], sigmoid_ref(z)) / 5.5);
            worst_d = std::max(worst_d, std::fabs(dZ.data<float>()[i] - (sigmoid_ref(z) - y)) /
                                            (3.5e-7 + 8 * 0x1p-24 * std::fabs(sigmoid_ref(z) - y)));
        }
        EXPECT_LE(worst_l, 1.0);
        EXPECT_LE(worst_a, 1.0);
        EXPECT_LE(worst_d, 1.0);
    }
    // ±1000 exactly: L = 1000·y for z = −1000 (y = 1) and 1000 for z = 1000, y = 0.
    Tensor Zx = row_of({-1000.0f, 1000.0f, std::nanf("")}), Yx = row_of({1.0f, 0.0f, 1.0f});
    Tensor A(Zx.shape()), L(Zx.shape()), dZ(Zx.shape());
    bce_with_logits(Zx, Yx, A, L, dZ);
    EXPECT_EQ(L.data<float>()[0], 1000.0f);
    EXPECT_EQ(L.data<float>()[1], 1000.0f);
    EXPECT_TRUE(std::isnan(L.data<float>()[2]));  // NaN in, NaN out: never a silent number
    EXPECT_TRUE(std::isnan(A.data<float>()[2]));
    EXPECT_TRUE(std::isnan(dZ.data<float>()[2]));
}

TEST(VectorMath, SoftmaxAndCrossEntropyAgainstDouble) {
    // K = 10 (the chapters' classes, a specialised loop) and K = 7 (the general one), logits of
    // spread 1, 10 and 50, one-hot labels. Each a_k is e^{t_k} (≤ 4.5 ulp) times 1/s, with s a
    // sum of K terms ≤ 1 each (K/2 ulp), and t_k = z_k − max itself rounded to float32 (half an
    // ulp of t, which e^t turns into a relative error of |t|·2^−24, as on the GPU and in any
    // float32 softmax): relative error ≤ (5 + K + |t_k|)·2^−24. The loss log s − t_c is bounded
    // by 4 ulp of max(log s, |t_c|).
    for (int64_t K : {10, 7}) {
        for (double spread : {1.0, 10.0, 50.0}) {
            SCOPED_TRACE(cat("K = ", K, ", spread ", spread));
            Rng rng(static_cast<uint64_t>(K * 100 + spread));
            const int64_t m = 203;  // not a multiple of any block or register width
            Tensor Z = test::randn(Shape::matrix(K, m), rng, spread);
            Tensor Y = Tensor::zeros(Z.shape());
            for (int64_t j = 0; j < m; ++j) Y.data<float>()[j * K + (j * 3) % K] = 1.0f;
            Tensor A(Z.shape()), A2(Z.shape()), L(Shape::row(m)), dZ(Z.shape());
            softmax(Z, A2);
            softmax_cross_entropy(Z, Y, A, L, dZ);
            double worst_a = 0.0, worst_l = 0.0;
            for (int64_t j = 0; j < m; ++j) {
                const float* z = Z.data<float>() + j * K;
                double mx = z[0], s = 0.0;
                for (int64_t k = 1; k < K; ++k) mx = std::max(mx, double(z[k]));
                for (int64_t k = 0; k < K; ++k) s += std::exp(z[k] - mx);
                for (int64_t k = 0; k < K; ++k) {
                    const double want = std::exp(z[k] - mx) / s;
                    if (want < FLT_MIN) continue;  // flushed to zero: checked by the sums below
                    const double t = std::fabs(z[k] - mx);
                    const double rel = 0x1p-24 * (5 + K + t) * want;
                    const float got = A.data<float>()[j * K + k];
                    const float got2 = A2.data<float>()[j * K + k];
                    worst_a = std::max(worst_a, std::fabs(got - want) / rel);
                    worst_a = std::max(worst_a, std::fabs(got2 - want) / rel);
                    const double dz = want - Y.data<float>()[j * K + k];
                    // a − y adds half an ulp of 1.
                    EXPECT_NEAR(dZ.data<float>()[j * K + k], dz, rel + 0x1p-24);
                }
                const int64_t c = (j * 3) % K;
                const double want_l = std::log(s) - (z[c] - mx);
                worst_l = std::max(worst_l, std::fabs(L.data<float>()[j] - want_l) /
                                                (4 * 0x1p-24 * std::max(want_l, 1.0)));
            }
            EXPECT_LE(worst_a, 1.0);
            EXPECT_LE(worst_l, 1.0);
        }
    }
}

TEST(VectorMath, SoftmaxPropagatesNaNAndSurvivesInfinities) {
    const float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
    // Column 0 holds a NaN: every output of that column is NaN, the other column is untouched.
    // Column 1: −inf is a class with probability exactly 0 and no NaN in the loss (its y is 0).
    Tensor Z = Tensor::from_values(Shape::matrix(3, 2), {1, nan, 2, 0, -inf, 0});
    Tensor Y = Tensor::from_values(Shape::matrix(3, 2), {1, 0, 0, 1, 0, 0});
    Tensor A(Z.shape()), L(Shape::row(2)), dZ(Z.shape());
    softmax_cross_entropy(Z, Y, A, L, dZ);
    EXPECT_TRUE(std::isnan(L.at(0, 0)));
    for (int k = 0; k < 3; ++k) EXPECT_TRUE(std::isnan(A.at(k, 0))) << k;
    EXPECT_NEAR(A.at(0, 1), 0.5, 1e-7);
    EXPECT_EQ(A.at(1, 1), 0.0);
    EXPECT_NEAR(L.at(0, 1), std::log(2.0), 1e-7);
}
