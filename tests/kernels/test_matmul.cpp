// dl::matmul: hand-computed values on the CPU, then CUDA (cuBLAS and tiled) against a
// reference computed in double on the CPU.
//
// Tolerance: C(i, j) = α·Σ_k op(A)(i, k)·op(B)(k, j) + β·C0(i, j) in float32 is a sum of K
// products in whatever order the kernel (or cuBLAS) chooses, then two more roundings; any
// order is within γ_{K+2}·(|α|·Σ_k |op(A)(i,k)·op(B)(k,j)| + |β·C0(i,j)|) of the exact value
// (tests/tolerances.hpp), and the double reference is exact to far below that.
#include "kernels/matmul.hpp"

#include <omp.h>

#include <cmath>

#include "test_util.hpp"

using namespace dl;

TEST(Matmul, HandComputed2x3Times3x2) {
    // A = [1 2 3; 4 5 6], B = [7 8; 9 10; 11 12]  (values listed column by column)
    Tensor A = Tensor::from_values(Shape::matrix(2, 3), {1, 4, 2, 5, 3, 6});
    Tensor B = Tensor::from_values(Shape::matrix(3, 2), {7, 9, 11, 8, 10, 12});
    Tensor C = Tensor::zeros(Shape::matrix(2, 2));
    matmul(A, B, C);
    // A·B = [58 64; 139 154]
    EXPECT_EQ(C.at(0, 0), 58);
    EXPECT_EQ(C.at(0, 1), 64);
    EXPECT_EQ(C.at(1, 0), 139);
    EXPECT_EQ(C.at(1, 1), 154);
}

TEST(Matmul, TransposesAlphaBeta) {
    Tensor A = Tensor::from_values(Shape::matrix(2, 3), {1, 4, 2, 5, 3, 6});
    Tensor C = Tensor::full(Shape::matrix(2, 2), 1.0);
    // C = 2·A·Aᵀ + 3·C; A·Aᵀ = [14 32; 32 77]
    matmul(A, A, C, Trans::N, Trans::T, 2.0f, 3.0f);
    EXPECT_EQ(C.at(0, 0), 31);
    EXPECT_EQ(C.at(1, 0), 67);
    EXPECT_EQ(C.at(1, 1), 157);
    // Aᵀ·A is 3 x 3 with (0,0) = 1 + 16 and (2,1) = 3·2 + 6·5
    Tensor D = Tensor::zeros(Shape::matrix(3, 3));
    matmul(A, A, D, Trans::T, Trans::N);
    EXPECT_EQ(D.at(0, 0), 17);
    EXPECT_EQ(D.at(2, 1), 36);
}

TEST(Matmul, BetaZeroIgnoresNaNInC) {
    Tensor A = Tensor::from_values(Shape::matrix(1, 1), {2});
    Tensor C = test::poisoned(Shape::matrix(1, 1), Device::CPU);
    matmul(A, A, C);
    EXPECT_EQ(C.at(0, 0), 4);
}

TEST(Matmul, DoublePrecision) {
    Tensor A = Tensor::from_values(Shape::matrix(1, 2), {1e-9, 1}, DType::F64);
    Tensor B = Tensor::from_values(Shape::matrix(2, 1), {1, 1e-9}, DType::F64);
    Tensor C = Tensor::zeros(Shape::matrix(1, 1), DType::F64);
    matmul(A, B, C);
    EXPECT_DOUBLE_EQ(C.at(0, 0), 2e-9);
}

TEST(Matmul, ShapeMismatchNamesBothShapes) {
    Tensor A = Tensor::zeros(Shape::matrix(3, 4));
    Tensor B = Tensor::zeros(Shape::matrix(5, 2));
    Tensor C = Tensor::zeros(Shape::matrix(3, 2));
    try {
        matmul(A, B, C);
        FAIL() << "expected dl::Error";
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("[3 x 4]"), std::string::npos) << msg;
        EXPECT_NE(msg.find("[5 x 2]"), std::string::npos) << msg;
    }
    Tensor A2 = Tensor::zeros(Shape::matrix(3, 5));
    Tensor Cbad = Tensor::zeros(Shape::matrix(2, 2));
    EXPECT_THROW(matmul(A2, B, Cbad), Error);
}

TEST(Matmul, MixedTypesRejected) {
    Tensor A = Tensor::zeros(Shape::matrix(2, 2));
    Tensor B = Tensor::zeros(Shape::matrix(2, 2), DType::F64);
    Tensor C = Tensor::zeros(Shape::matrix(2, 2));
    EXPECT_THROW(matmul(A, B, C), Error);
}

namespace {
// Reference in double on the CPU.
Tensor reference(const Tensor& A, const Tensor& B, const Tensor& C0, Trans ta, Trans tb,
                 float alpha, float beta) {
    Tensor A64 = Tensor::from_values(A.shape(), A.values(), DType::F64);
    Tensor B64 = Tensor::from_values(B.shape(), B.values(), DType::F64);
    Tensor C64 = Tensor::from_values(C0.shape(), C0.values(), DType::F64);
    matmul(A64, B64, C64, ta, tb, alpha, beta);
    return C64;
}

template <class F>
void parity(F&& gpu_matmul, uint64_t seed) {
    Rng rng(seed);
    for (auto [M, N] : test::odd_sizes()) {
        for (int64_t K : {1, 17, 70}) {
            for (Trans ta : {Trans::N, Trans::T}) {
                for (Trans tb : {Trans::N, Trans::T}) {
                    Tensor A = test::randn(ta == Trans::N ? Shape::matrix(M, K) : Shape::matrix(K, M), rng);
                    Tensor B = test::randn(tb == Trans::N ? Shape::matrix(K, N) : Shape::matrix(N, K), rng);
                    Tensor C0 = test::randn(Shape::matrix(M, N), rng);
                    for (float beta : {0.0f, 0.5f}) {
                        Tensor ref = reference(A, B, C0, ta, tb, 1.5f, beta);
                        Tensor dA = A.to(Device::CUDA), dB = B.to(Device::CUDA);
                        Tensor dC = beta == 0.0f ? test::poisoned(C0.shape(), Device::CUDA)
                                                 : C0.to(Device::CUDA);
                        gpu_matmul(dA, dB, dC, ta, tb, 1.5f, beta);
                        SCOPED_TRACE(cat("M=", M, " N=", N, " K=", K, " ta=", int(ta),
                                         " tb=", int(tb), " beta=", beta, " seed ", seed));
                        Tensor got = Tensor::from_values(ref.shape(), dC.values(), DType::F64);
                        DL_EXPECT_AGREE(got, ref, test::bound::matmul(A, B, C0, ta, tb, 1.5, beta), 1);
                    }
                }
            }
        }
    }
}
}  // namespace

TEST(MatmulCuda, CublasMatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
    for (uint64_t seed : {7, 8})
        parity([](auto&&... a) { matmul(a...); }, seed);
}

TEST(MatmulCuda, TiledMatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
#ifdef DL_WITH_CUDA
    for (uint64_t seed : {7, 8})
        parity([](auto&&... a) { cuda::matmul_tiled(a...); }, seed);
#endif
}

namespace {
// An empty inner dimension (K = 0): op(A)·op(B) is the M x N zero matrix, so C = β·C, and β = 0
// must give exact zeros even where C held NaN.
template <class F>
void empty_inner(F&& gpu_matmul) {
    for (Trans ta : {Trans::N, Trans::T}) {
        Tensor A = Tensor::zeros(ta == Trans::N ? Shape::matrix(7, 0) : Shape::matrix(0, 7),
                                 DType::F32, Device::CUDA);
        Tensor B = Tensor::zeros(Shape::matrix(0, 5), DType::F32, Device::CUDA);
        Tensor C = test::poisoned(Shape::matrix(7, 5), Device::CUDA);
        gpu_matmul(A, B, C, ta, Trans::N, 1.0f, 0.0f);
        EXPECT_EQ(C.values(), std::vector<double>(35, 0.0));
        C.fill(4.0);
        gpu_matmul(A, B, C, ta, Trans::N, 1.0f, 0.5f);
        EXPECT_EQ(C.values(), std::vector<double>(35, 2.0));
    }
}
}  // namespace

TEST(MatmulCuda, EmptyInnerDimensionGivesBetaTimesC) {
    DL_REQUIRE_CUDA();
    empty_inner([](auto&&... a) { matmul(a...); });
#ifdef DL_WITH_CUDA
    empty_inner([](auto&&... a) { cuda::matmul_tiled(a...); });
#endif
}

TEST(MatmulCuda, TiledCoversMoreThan65535ColumnTiles) {
    DL_REQUIRE_CUDA();
#ifdef DL_WITH_CUDA
    // N = 65535·32 + 33 columns: more column tiles than gridDim.y may hold.
    const int64_t N = 65535LL * 32 + 33;
    Rng rng(21);
    Tensor A = Tensor::from_values(Shape::matrix(1, 1), {1.5});
    Tensor B = test::randn(Shape::matrix(1, N), rng);
    Tensor want(Shape::matrix(1, N));
    matmul(A, B, want);
    Tensor C = test::poisoned(want.shape(), Device::CUDA);
    cuda::matmul_tiled(A.to(Device::CUDA), B.to(Device::CUDA), C, Trans::N, Trans::N, 1.0f, 0.0f);
    // K = 1: each element is one product, rounded once on each device.
    DL_EXPECT_AGREE(C, want, test::bound::matmul(A, B, want, Trans::N, Trans::N, 1.0, 0.0), test::kTwins);
#endif
}

TEST(MatmulCuda, TiledTransposesOverManyTilesMatchCpu) {
    DL_REQUIRE_CUDA();
#ifdef DL_WITH_CUDA
    // Several 32 x 32 tiles in every direction with ragged edges, each transpose: the
    // transposed operands are loaded along their other axis (coalesced), so each case takes
    // its own load path through the tiles and their edges.
    Rng rng(22);
    const int64_t M = 100, N = 75, K = 130;
    for (Trans ta : {Trans::N, Trans::T})
        for (Trans tb : {Trans::N, Trans::T}) {
            SCOPED_TRACE(cat("ta=", int(ta), " tb=", int(tb)));
            Tensor A = test::randn(ta == Trans::N ? Shape::matrix(M, K) : Shape::matrix(K, M), rng);
            Tensor B = test::randn(tb == Trans::N ? Shape::matrix(K, N) : Shape::matrix(N, K), rng);
            Tensor C0 = test::randn(Shape::matrix(M, N), rng);
            Tensor ref = reference(A, B, C0, ta, tb, -0.75f, 2.0f);
            Tensor dC = C0.to(Device::CUDA);
            cuda::matmul_tiled(A.to(Device::CUDA), B.to(Device::CUDA), dC, ta, tb, -0.75, 2.0);
            Tensor got = Tensor::from_values(ref.shape(), dC.values(), DType::F64);
            DL_EXPECT_AGREE(got, ref, test::bound::matmul(A, B, C0, ta, tb, -0.75, 2.0), 1);
        }
#endif
}

TEST(MatmulCuda, SmallIntegersAreExact) {
    DL_REQUIRE_CUDA();
    // Integers in [−3, 3] with K = 1000: every product and partial sum is an integer below
    // 9·K < 2^24, exact in float32 (and in TF32's 10-bit mantissa for the products), so both
    // GEMMs must give the exact product in every transpose case: a tile loaded from the wrong
    // place, or a K-step skipped, cannot hide in a rounding tolerance.
    Rng rng(23);
    const int64_t M = 67, N = 45, K = 1000;
    auto ints = [&](const Shape& s) {
        Tensor t(s);
        for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = float(int64_t(rng.below(7)) - 3);
        return t;
    };
    for (Trans ta : {Trans::N, Trans::T})
        for (Trans tb : {Trans::N, Trans::T}) {
            SCOPED_TRACE(cat("ta=", int(ta), " tb=", int(tb)));
            const Tensor A = ints(ta == Trans::N ? Shape::matrix(M, K) : Shape::matrix(K, M));
            const Tensor B = ints(tb == Trans::N ? Shape::matrix(K, N) : Shape::matrix(N, K));
            const Tensor C0 = ints(Shape::matrix(M, N));
            const Tensor want = reference(A, B, C0, ta, tb, 2.0f, -1.0f);
            const std::vector<double> exact(std::size_t(M * N), 0.0);
            Tensor C1 = C0.to(Device::CUDA), C2 = C0.to(Device::CUDA);
            matmul(A.to(Device::CUDA), B.to(Device::CUDA), C1, ta, tb, 2.0, -1.0);
#ifdef DL_WITH_CUDA
            cuda::matmul_tiled(A.to(Device::CUDA), B.to(Device::CUDA), C2, ta, tb, 2.0, -1.0);
            DL_EXPECT_AGREE(C2.values(), want.values(), exact, 1);
#endif
            DL_EXPECT_AGREE(C1.values(), want.values(), exact, 1);
        }
}

TEST(MatmulCuda, Float64OnTheGpuIsRejected) {
    DL_REQUIRE_CUDA();
    Tensor A = Tensor::zeros(Shape::matrix(2, 2), DType::F64, Device::CUDA);
    Tensor C = Tensor::zeros(Shape::matrix(2, 2), DType::F64, Device::CUDA);
    try {
        matmul(A, A, C);
        FAIL() << "expected dl::Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("float32"), std::string::npos) << e.what();
    }
#ifdef DL_WITH_CUDA
    EXPECT_THROW(cuda::matmul_tiled(A, A, C, Trans::N, Trans::N, 1.0f, 0.0f), Error);
#endif
}

TEST(Matmul, ThreadBlocksMatchANaiveDoubleProduct) {
    // The CPU twin cuts C into one block per thread (by rows of C when op(A) is the larger
    // operand, by columns otherwise; matmul_cpu.cpp). Chapter 4's shapes and an odd one, on 3
    // threads (uneven blocks), every transpose, β = 0 over a poisoned C and β ≠ 0, against a
    // triple loop in double. Bound: the standard one for a float32 sum of K products,
    // |error| ≤ K·2^−24·Σ_k |a_ik·b_kj| (+ the rounding of α, β terms), with no room to spare for
    // a block computed twice, skipped, or taken from the wrong rows.
    const int saved = omp_get_max_threads();
    omp_set_num_threads(3);
    Rng rng(19);
    struct Case {
        int64_t M, K, N;
    };
    for (const Case& s : {Case{256, 784, 64}, Case{64, 64, 784}, Case{131, 70, 97}}) {
        for (Trans ta : {Trans::N, Trans::T}) {
            for (Trans tb : {Trans::N, Trans::T}) {
                const Tensor A = test::randn(
                    ta == Trans::N ? Shape::matrix(s.M, s.K) : Shape::matrix(s.K, s.M), rng);
                const Tensor B = test::randn(
                    tb == Trans::N ? Shape::matrix(s.K, s.N) : Shape::matrix(s.N, s.K), rng);
                const Tensor C0 = test::randn(Shape::matrix(s.M, s.N), rng);
                const std::vector<double> av = A.values(), bv = B.values(), cv = C0.values();
                auto a = [&](int64_t i, int64_t k) {  // op(A)(i, k), column-major storage
                    return ta == Trans::N ? av[k * s.M + i] : av[i * s.K + k];
                };
                auto b = [&](int64_t k, int64_t j) {
                    return tb == Trans::N ? bv[j * s.K + k] : bv[k * s.N + j];
                };
                for (float beta : {0.0f, 0.25f}) {
                    SCOPED_TRACE(cat(s.M, "x", s.K, "x", s.N, " ta=", int(ta), " tb=", int(tb),
                                     " beta=", beta));
                    Tensor C = beta == 0.0f ? test::poisoned(C0.shape(), Device::CPU) : C0.clone();
                    matmul(A, B, C, ta, tb, 0.5, beta);
                    const std::vector<double> got = C.values();
                    double worst = 0.0;
                    for (int64_t i = 0; i < s.M; ++i)
                        for (int64_t j = 0; j < s.N; ++j) {
                            double want = beta * cv[j * s.M + i], mag = std::abs(want);
                            for (int64_t k = 0; k < s.K; ++k) {
                                want += 0.5 * a(i, k) * b(k, j);
                                mag += std::abs(0.5 * a(i, k) * b(k, j));
                            }
                            const double bound = (s.K + 2) * 0x1p-24 * mag + 1e-30;
                            worst = std::max(worst, std::abs(got[j * s.M + i] - want) / bound);
                        }
                    EXPECT_LE(worst, 1.0);
                }
            }
        }
    }
    omp_set_num_threads(saved);
}
