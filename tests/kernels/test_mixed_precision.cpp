// The mixed-precision kernels (chapter 9): dl::cast and dl::unscale_check, and the float16 /
// bfloat16 twins of matmul, add_bias, the activations, row_sums and axpby. Hand-computed
// values (with the float16 rounding worked out), the overflow and underflow edges, and CPU vs
// CUDA parity: both twins compute in float32 and round once, so they agree to one unit in the
// last place of the 16-bit format (its spacing at the value: 2^-10 relative for fp16, 2^-7
// for bf16), plus float32 rounding of sums in a different order.
#include <cmath>
#include <limits>

#include "core/half.hpp"
#include "kernels/activation.hpp"
#include "kernels/axpby.hpp"
#include "kernels/bias.hpp"
#include "kernels/cast.hpp"
#include "kernels/matmul.hpp"
#include "kernels/reduce.hpp"
#include "kernels/unscale.hpp"
#include "test_util.hpp"

namespace dl {
namespace {

const double kInf = std::numeric_limits<double>::infinity();

TEST(MixedPrecision, CastRoundsToNearestEvenAndOverflowsToInf) {
    // fp16 values: 0.1 → 0.0999755859375 (0x2e66); 65519 → 65504; 65520 → inf; 2^-25 → 0
    // (a tie with 0, even); 1 + 2^-11 → 1 (tie, even); 3·2^-26 → 2^-24.
    const Tensor X = Tensor::from_values(Shape::row(7), {0.1, 65519, 65520, std::ldexp(1.0, -25),
                                                         1 + std::ldexp(1.0, -11), 3 * std::ldexp(1.0, -26), -1e9});
    Tensor H(X.shape(), DType::F16);
    cast(X, H);
    EXPECT_EQ(H.values(), (std::vector<double>{0.0999755859375, 65504, kInf, 0, 1, std::ldexp(1.0, -24), -kInf}));
    // bf16 keeps float32's range: 65520 and −1e9 stay finite (8 bits of precision).
    Tensor B(X.shape(), DType::BF16);
    cast(X, B);
    const auto b = B.values();
    EXPECT_EQ(b[2], 65536.0);  // 65520 = 1.99951·2^15 rounds to 2^16 with 7 fraction bits
    EXPECT_EQ(b[3], std::ldexp(1.0, -25));
    EXPECT_EQ(b[6], -998244352.0);  // −1e9 = −1.8626…·2^29 → −1.859375·2^29
    // With a scale: fp16(S·x), S = 2^16: 2^-25 (lost above) survives as 2^-9.
    Tensor Hs(X.shape(), DType::F16);
    cast(X, Hs, 65536.0);
    EXPECT_EQ(Hs.at(0, 3), std::ldexp(1.0, -9));
    // Back to float32 exactly.
    Tensor F(X.shape());
    cast(H, F);
    EXPECT_EQ(F.values(), H.values());
    Tensor wrong(Shape::row(6), DType::F16);
    EXPECT_THROW(cast(X, wrong), Error);
    Tensor f64(X.shape(), DType::F64);
    EXPECT_THROW(cast(X, f64), Error);
}

TEST(MixedPrecision, UnscaleCheckFindsInfAndNaN) {
    Tensor G = Tensor::from_values(Shape::row(4), {1024, -2048, 0.5, 3}, DType::F16);
    Tensor G32(G.shape()), found = Tensor::zeros(Shape::matrix(1, 1));
    unscale_check(G, G32, 1.0 / 1024, found);
    EXPECT_EQ(G32.values(), (std::vector<double>{1, -2, 0.5 / 1024, 3.0 / 1024}));
    EXPECT_EQ(found.at(0, 0), 0.0);
    for (double bad : {kInf, -kInf, std::nan("")}) {
        Tensor Gb = Tensor::from_values(Shape::row(3), {1, bad, 2}, DType::F16);
        Tensor out(Gb.shape()), f = Tensor::zeros(Shape::matrix(1, 1));
        unscale_check(Gb, out, 0.5, f);
        EXPECT_EQ(f.at(0, 0), 1.0) << bad;
        EXPECT_EQ(out.at(0, 0), 0.5);
    }
    Tensor f = Tensor::zeros(Shape::matrix(1, 2));
    EXPECT_THROW(unscale_check(G, G32, 1.0, f), Error);
}

TEST(MixedPrecision, HalfMatmulSumsInFloat32AndRoundsOnce) {
    // A = [1 1 … 1] (1 x 2048), B = column of 2048 values 1 + 2^-10: in fp16 a running sum
    // would stop growing at 2048 (the spacing there is 2); in float32 the sum is
    // 2048·(1 + 2^-10) = 2050, exactly an fp16 number.
    const int K = 2048;
    Tensor A = Tensor::full(Shape::matrix(1, K), 1.0, DType::F16);
    Tensor B = Tensor::full(Shape::matrix(K, 1), 1 + std::ldexp(1.0, -10), DType::F16);
    Tensor C(Shape::matrix(1, 1), DType::F16);
    matmul(A, B, C);
    EXPECT_EQ(C.at(0, 0), 2050.0);
    // Transposes and β: C = 2·Aᵀ·B + 1·C with A = [1 2; 3 4], B = I, C = 0.5: [2.5 6.5; 4.5 8.5].
    Tensor A2 = Tensor::from_values(Shape::matrix(2, 2), {1, 3, 2, 4}, DType::BF16);
    Tensor I = Tensor::from_values(Shape::matrix(2, 2), {1, 0, 0, 1}, DType::BF16);
    Tensor C2 = Tensor::full(Shape::matrix(2, 2), 0.5, DType::BF16);
    matmul(A2, I, C2, Trans::T, Trans::N, 2.0, 1.0);
    EXPECT_EQ(C2.values(), (std::vector<double>{2.5, 4.5, 6.5, 8.5}));
    Tensor mixed(Shape::matrix(2, 2));  // float32 C with 16-bit A, B: refused
    EXPECT_THROW(matmul(A2, I, mixed), Error);
}

TEST(MixedPrecision, HalfElementwiseAndRowSums) {
    Tensor Z = Tensor::from_values(Shape::matrix(2, 2), {1, -2, 3, 0.1}, DType::F16);
    const Tensor b = Tensor::from_values(Shape::column(2), {0.5, 2}, DType::F16);
    add_bias(Z, b);  // [1.5 3.5; 0 2.0999755859375 → rounded]
    EXPECT_EQ(Z.values(), (std::vector<double>{1.5, 0, 3.5, 2.099609375}));
    Tensor A(Z.shape(), DType::F16);
    activation_forward(Activation::ReLU, Tensor::from_values(Z.shape(), {-1, 2, 0, 3}, DType::F16), A);
    EXPECT_EQ(A.values(), (std::vector<double>{0, 2, 0, 3}));
    Tensor S(Z.shape(), DType::F16);
    activation_forward(Activation::Sigmoid, Tensor::from_values(Z.shape(), {0, 0, 0, 0}, DType::F16), S);
    EXPECT_EQ(S.at(0, 0), 0.5);
    Tensor dZ(Z.shape(), DType::F16);
    activation_backward(Activation::ReLU, Tensor::from_values(Z.shape(), {-1, 2, 0, 3}, DType::F16),
                        Tensor::from_values(Z.shape(), {5, 6, 7, 8}, DType::F16), dZ);
    EXPECT_EQ(dZ.values(), (std::vector<double>{0, 6, 0, 8}));
    // Row sums in float32: 4097 ones → 4097, rounded once to fp16, whose spacing at 4096 is 4:
    // 4096. (A running sum in fp16 would stop at 2048, where 2048 + 1 rounds back to 2048.)
    Tensor X = Tensor::full(Shape::matrix(1, 4097), 1.0, DType::F16);
    Tensor out(Shape::column(1), DType::F16);
    row_sums(X, out);
    EXPECT_EQ(out.at(0, 0), 4096.0);
    Tensor Y = Tensor::from_values(Shape::row(2), {1, 2}, DType::BF16);
    axpby(2.0, Tensor::from_values(Shape::row(2), {3, 4}, DType::BF16), 0.5, Y);
    EXPECT_EQ(Y.values(), (std::vector<double>{6.5, 9}));
    Tensor nanY = Tensor::full(Shape::row(2), std::nan(""), DType::F16);
    axpby(1.0, Tensor::from_values(Shape::row(2), {3, 4}, DType::F16), 0.0, nanY);  // β = 0
    EXPECT_EQ(nanY.values(), (std::vector<double>{3, 4}));
}

/// Largest |got − want| in units of the 16-bit format's spacing at |want| (plus float32 noise):
/// twins that round the same float32 value agree exactly; sums in another order may land on
/// the other side of a rounding boundary: one unit.
double ulps16(const Tensor& got, const Tensor& want, DType t) {
    const auto g = got.values(), w = want.values();
    double worst = 0;
    const int p = t == DType::F16 ? 10 : 7;
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (std::isinf(w[i]) || std::isinf(g[i])) {
            worst = std::max(worst, g[i] == w[i] ? 0.0 : kInf);
            continue;
        }
        const double spacing = std::ldexp(1.0, std::max(std::ilogb(std::max(std::abs(w[i]), 1e-30)), -14) - p);
        worst = std::max(worst, std::abs(g[i] - w[i]) / spacing);
    }
    return worst;
}

TEST(MixedPrecisionCuda, CastAndUnscaleMatchCpuExactly) {
    DL_REQUIRE_CUDA();
    for (DType t : {DType::F16, DType::BF16})
        for (auto [r, c] : test::odd_sizes()) {
            Rng rng(r * 13 + c);
            const Tensor X = test::randn(Shape::matrix(r, c), rng, 1000.0);  // some overflow fp16
            Tensor H(X.shape(), t), gH(X.shape(), t, Device::CUDA);
            cast(X, H, 64.0);
            cast(X.to(Device::CUDA), gH, 64.0);
            EXPECT_EQ(gH.values(), H.values());  // one rounding of the same float32 product
            Tensor G32(X.shape()), gG32(X.shape(), DType::F32, Device::CUDA);
            Tensor f = Tensor::zeros(Shape::matrix(1, 1)), gf = Tensor::zeros(Shape::matrix(1, 1), DType::F32, Device::CUDA);
            unscale_check(H, G32, 1.0 / 64, f);
            unscale_check(gH, gG32, 1.0 / 64, gf);
            EXPECT_EQ(gG32.values(), G32.values());
            EXPECT_EQ(gf.at(0, 0), f.at(0, 0));
        }
}

TEST(MixedPrecisionCuda, HalfKernelsMatchCpuToOneUnit) {
    DL_REQUIRE_CUDA();
    for (DType t : {DType::F16, DType::BF16})
        for (auto [m, n] : test::odd_sizes()) {
            Rng rng(m * 31 + n);
            auto half = [&](Shape s, Device d = Device::CPU) {
                Tensor x(s, t);
                rng.fill_normal(x);
                return d == Device::CPU ? x : x.to(d);
            };
            const int64_t k = 37;
            const Tensor A = half(Shape::matrix(m, k)), B = half(Shape::matrix(k, n));
            Tensor C(Shape::matrix(m, n), t), gC(Shape::matrix(m, n), t, Device::CUDA);
            matmul(A, B, C);
            matmul(A.to(Device::CUDA), B.to(Device::CUDA), gC);
            EXPECT_LE(ulps16(gC, C, t), 1.0) << dtype_name(t) << " matmul " << m << "x" << n;
            const Tensor b = half(Shape::column(m));
            Tensor gZ = C.to(Device::CUDA);
            add_bias(C, b);
            add_bias(gZ, b.to(Device::CUDA));
            EXPECT_EQ(gZ.values(), C.values());
            for (Activation g : {Activation::ReLU, Activation::Sigmoid, Activation::Tanh}) {
                Tensor a(C.shape(), t), ga(C.shape(), t, Device::CUDA);
                activation_forward(g, C, a);
                activation_forward(g, gZ, ga);
                EXPECT_LE(ulps16(ga, a, t), 1.0) << activation_name(g);
                Tensor d(C.shape(), t), gd(C.shape(), t, Device::CUDA);
                activation_backward(g, C, a, d);
                activation_backward(g, gZ, ga, gd);
                EXPECT_LE(ulps16(gd, d, t), 2.0) << activation_name(g);
            }
            Tensor s(Shape::column(m), t), gs(Shape::column(m), t, Device::CUDA);
            row_sums(C, s);
            row_sums(gZ, gs);
            EXPECT_LE(ulps16(gs, s, t), 1.0);
            Tensor y = C.clone(), gy = gZ.clone();
            axpby(0.5, C, -2.0, y);
            axpby(0.5, gZ, -2.0, gy);
            EXPECT_EQ(gy.values(), y.values());
        }
}

}  // namespace
}  // namespace dl
