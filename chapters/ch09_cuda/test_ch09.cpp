// Chapter 9 on the CPU: the number formats against hand-worked values, the gradient and update
// stories, every GEMM rung in the CPU emulator against the double-precision reference (and the
// check catching a wrong or unwritten element), the tensor-core tile, the thread hierarchy,
// the CPU stages, and the emulated fp16 loss-scaling demo.
#include <omp.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "amp_training.hpp"
#include "core/eigen_view.hpp"
#include "core/half.hpp"
#include "core/rng.hpp"
#include "cpu_gemm.hpp"
#include "device_info.hpp"
#include "exercises/ch09.hpp"
#include "formats.hpp"
#include "gemm_ladder.hpp"
#include "ladder_backends.hpp"
#include "test_util.hpp"

using namespace ch09;

namespace {

const FormatRow& row(const std::vector<FormatRow>& rows, const std::string& prefix) {
    for (const auto& r : rows)
        if (r.name.rfind(prefix, 0) == 0) return r;
    throw std::runtime_error("no format " + prefix);
}

TEST(Formats, HandWorkedValues) {
    const auto rows = number_formats();
    ASSERT_EQ(rows.size(), 4u);
    for (const auto& r : rows) EXPECT_TRUE(r.ok) << r.name;
    // FP16: 5 exponent bits (bias 15), 10 fraction bits: largest (2 − 2^-10)·2^15 = 65504,
    // smallest normal 2^-14 = 6.103515625e-05, smallest subnormal 2^-24, epsilon 2^-10.
    const FormatRow& h = row(rows, "FP16");
    EXPECT_EQ(h.bias, 15);
    EXPECT_EQ(h.largest, 65504.0);
    EXPECT_EQ(h.smallest_normal, 6.103515625e-05);
    EXPECT_EQ(h.smallest_subnormal, 5.9604644775390625e-08);
    EXPECT_EQ(h.epsilon, 0.0009765625);
    // BF16: float32's exponent, 7 fraction bits: largest (2 − 2^-7)·2^127 ≈ 3.3895e38.
    const FormatRow& b = row(rows, "BF16");
    EXPECT_EQ(b.bias, 127);
    EXPECT_DOUBLE_EQ(b.largest, 3.3895313892515355e38);
    EXPECT_EQ(b.smallest_normal, std::ldexp(1.0, -126));
    EXPECT_EQ(b.epsilon, 0.0078125);
    // TF32: float32's range, float16's precision (19 bits).
    const FormatRow& t = row(rows, "TF32");
    EXPECT_EQ(t.bits, 19);
    EXPECT_EQ(t.epsilon, h.epsilon);
    EXPECT_EQ(t.smallest_normal, b.smallest_normal);
    EXPECT_EQ(row(rows, "FP32").epsilon, std::ldexp(1.0, -23));
}

TEST(Formats, RoundToTf32) {
    EXPECT_EQ(round_to_tf32(1.0f + std::ldexp(1.0f, -10)), 1.0f + std::ldexp(1.0f, -10));
    EXPECT_EQ(round_to_tf32(1.0f + std::ldexp(1.0f, -11)), 1.0f);                       // tie: even
    EXPECT_EQ(round_to_tf32(1.0f + 3 * std::ldexp(1.0f, -11)), 1.0f + std::ldexp(1.0f, -9));  // tie: even
    EXPECT_EQ(round_to_tf32(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)),
              1.0f + std::ldexp(1.0f, -10));                                              // above
    EXPECT_EQ(round_to_tf32(3.0f), 3.0f);
    EXPECT_TRUE(std::isinf(round_to_tf32(std::numeric_limits<float>::infinity())));
}

TEST(Formats, SmallGradientsVanishInFp16AndScalingRescuesThem) {
    const double S = 65536.0;
    const auto rows = gradient_values(S, dl::float_to_half_bits);
    // 2^-25 is below fp16's smallest subnormal 2^-24: 0 in fp16; kept by fp32 and bf16;
    // scaled by 2^16 it is 2^-9, a normal fp16 number, and unscaled in fp32 exactly 2^-25.
    EXPECT_EQ(rows[0].fp16, 0.0);
    EXPECT_EQ(rows[0].fp32, std::ldexp(1.0, -25));
    EXPECT_EQ(rows[0].bf16, std::ldexp(1.0, -25));
    EXPECT_EQ(rows[0].fp16_scaled, std::ldexp(1.0, -25));
    // 1e-7 is 1.68 units of 2^-24: a subnormal, rounded to 2·2^-24 (19 % off); scaled: 3 digits.
    EXPECT_EQ(rows[1].fp16, 2 * std::ldexp(1.0, -24));
    EXPECT_NEAR(rows[1].fp16_scaled, 1e-7, 1e-7 * std::ldexp(1.0, -11));
    // 1.5 · 2^16 = 98304 > 65504: the scaled value overflows (what makes the scaler back off).
    EXPECT_TRUE(std::isinf(rows[4].fp16_scaled));
    EXPECT_EQ(rows[4].fp16, 1.5);
    // w = 1 plus 2^-12: lost in fp16 (spacing 2^-10 at 1), kept in fp32.
    const auto updates = update_values(dl::float_to_half_bits);
    EXPECT_EQ(updates[0].fp16, 1.0);
    EXPECT_EQ(updates[0].fp32, 1.0 + std::ldexp(1.0, -12));
    EXPECT_EQ(updates[2].fp16, 1.0 + std::ldexp(1.0, -10));  // 1e-3 rounds to one spacing
}

TEST(Formats, HalfRoundingCheckAgreesWithTheLibraryAndCatchesTruncation) {
    int total = 0;
    std::string first;
    EXPECT_EQ(check_half_rounding(dl::float_to_half_bits, total, first), total);
    EXPECT_EQ(check_half_rounding(dl::exercises::float_to_half, total, first), total) << first;
    // Truncation instead of rounding (a common mistake) is caught.
    auto truncate = [](float x) -> uint16_t {
        uint32_t u;
        std::memcpy(&u, &x, 4);
        const uint32_t a = u & 0x7fffffffu;
        if (a < 0x38800000u || a >= 0x47800000u) return dl::float_to_half_bits(x);
        return uint16_t(((u >> 16) & 0x8000u) | ((a - 0x38000000u) >> 13));
    };
    const int good = check_half_rounding(+truncate, total, first);
    EXPECT_LT(good, total);
    EXPECT_FALSE(first.empty());
}

// --- The GEMM ladder in the emulator ------------------------------------------------------------

struct Case {
    Rung rung;
    int M, N, K;
};

class Ladder : public ::testing::TestWithParam<Case> {};

TEST_P(Ladder, EmulatedRungAgreesWithTheDoubleReference) {
    const Case c = GetParam();
    const GemmProblem p = make_problem(c.M, c.N, c.K, 100 + c.M + c.N + c.K);
    const std::vector<float> out = emulate_rung(c.rung, p);
    const Check check = check_output(c.rung, p, out);
    EXPECT_TRUE(check.ok) << info(c.rung).name << ": " << check.str();
    EXPECT_EQ(check.checked, int64_t(c.M) * c.N);
}

// Odd sizes for the rungs that take any size; for the tiled rungs two blocks in each grid
// direction (256 x 256) or one direction, and more than one step along K.
INSTANTIATE_TEST_SUITE_P(
    Rungs, Ladder,
    ::testing::Values(Case{Rung::Naive, 37, 29, 23}, Case{Rung::Naive, 1, 1, 1},
                      Case{Rung::Coalesced, 37, 29, 23}, Case{Rung::Coalesced, 33, 1, 70},
                      Case{Rung::SharedTiles, 70, 45, 67}, Case{Rung::SharedTiles, 1, 40, 33},
                      Case{Rung::Blocking1d, 128, 128, 24}, Case{Rung::Blocking2d, 256, 128, 16},
                      Case{Rung::Vectorized, 128, 256, 24}, Case{Rung::WarpTiling, 256, 256, 32},
                      Case{Rung::WmmaF16, 128, 256, 64}, Case{Rung::WmmaBF16, 256, 128, 96}),
    [](const ::testing::TestParamInfo<Case>& i) {
        return std::string(ch09::info(i.param.rung).name) + "_" + std::to_string(i.param.M) + "x" +
               std::to_string(i.param.N) + "x" + std::to_string(i.param.K);
    });

TEST(LadderCheck, CatchesAWrongAndAnUnwrittenElement) {
    const GemmProblem p = make_problem(64, 64, 32, 3);
    std::vector<float> out = emulate_rung(Rung::Coalesced, p);
    EXPECT_TRUE(check_output(Rung::Coalesced, p, out).ok);
    std::vector<float> wrong = out;
    wrong[5 + 7 * 64] *= 1.001f;  // one element off by 1e-3 relative (the bound is 5.7e-5)
    const Check c = check_output(Rung::Coalesced, p, wrong);
    EXPECT_FALSE(c.ok);
    EXPECT_EQ(c.failures, 1);
    EXPECT_NE(c.worst.find("C(5, 7)"), std::string::npos) << c.worst;
    std::vector<float> unwritten = out;
    unwritten[100] = std::numeric_limits<float>::quiet_NaN();
    EXPECT_EQ(check_output(Rung::Coalesced, p, unwritten).nans, 1);
    // Sampled checking (the 4096³ path) still scans every element for NaN.
    const Check sampled = check_output(Rung::Coalesced, p, unwritten, 1000, 16);
    EXPECT_EQ(sampled.checked, 16);
    EXPECT_FALSE(sampled.ok);
}

TEST(LadderCheck, RungsRefuseSizesOutsideTheirTiles) {
    EXPECT_TRUE(fits(Rung::Naive, 3, 5, 7));
    EXPECT_FALSE(fits(Rung::WarpTiling, 128, 128, 8));
    EXPECT_EQ(requirement(Rung::WmmaBF16), "M, N multiples of 128 and K of 32");
    EXPECT_THROW(emulate_rung(Rung::Vectorized, make_problem(100, 128, 8, 1)), dl::Error);
    EXPECT_THROW(emulate_rung(Rung::CublasSgemm, make_problem(8, 8, 8, 1)), dl::Error);
    EXPECT_EQ(yardstick(Rung::WmmaBF16), Rung::CublasBF16);
    EXPECT_THROW(parse_rung("fastest"), dl::UsageError);
}

TEST(TensorCoreTile, DIsABPlusCExactlyInTheEmulator) {
    for (bool bf16 : {false, true})
        for (uint64_t seed : {1, 2, 3}) {
            const TileDemo d = tensor_core_tile_demo(false, bf16, seed);
            EXPECT_EQ(d.max_error, 0.0) << (bf16 ? "bf16" : "fp16") << " seed " << seed;
            // One element by hand: D(0,0) = C(0,0) + Σ_k A(0,k)·B(k,0).
            float want = d.C[0];
            for (int k = 0; k < 16; ++k) want += d.A[16 * k] * d.B[k];
            EXPECT_EQ(d.D[0], want);
        }
}

TEST(Hierarchy, EveryElementKnowsItsBlockAndThread) {
    backend::Hierarchy h;
    h.M = 8, h.N = 6, h.block_x = 4, h.block_y = 2;
    backend::emulate_hierarchy(h);
    EXPECT_EQ(h.grid_x, 2);
    EXPECT_EQ(h.grid_y, 3);
    // Element (i, j) = (5, 3): block (5 / 4, 3 / 2) = (1, 1) → number 1 + 2·1 = 3; thread
    // (5 % 4, 3 % 2) = (1, 1) → 1 + 4·1 = 5.
    EXPECT_EQ(h.block[5 + 3 * 8], 3);
    EXPECT_EQ(h.thread[5 + 3 * 8], 5);
    EXPECT_EQ(h.warp[5 + 3 * 8], 0);
    EXPECT_EQ(h.lane[5 + 3 * 8], 5);
    for (int v : h.block) EXPECT_GE(v, 0);  // every element written
    const std::string text = hierarchy_demo(false, 8, 6, 4, 2);
    EXPECT_NE(text.find("grid (2, 3), block (4, 2)"), std::string::npos) << text;
}

TEST(CpuGemm, StagesAgreeWithEigen) {
    const int n = 70;  // not a multiple of the tiles
    dl::Rng rng(4);
    dl::Matrix A = dl::Matrix::NullaryExpr(n, n, [&] { return float(rng.normal()); });
    dl::Matrix B = dl::Matrix::NullaryExpr(n, n, [&] { return float(rng.normal()); });
    const dl::Matrix ref = A * B;
    dl::Matrix C(n, n);
    for (auto f : {gemm_naive_cpu, gemm_reordered_cpu, gemm_blocked_cpu}) {
        C.setConstant(NAN);
        f(A.data(), B.data(), C.data(), n);
        EXPECT_LT((C - ref).cwiseAbs().maxCoeff(), 1e-4f);
    }
    const auto rows = cpu_gemm_ladder({64}, 64, 1, 1, false);
    ASSERT_EQ(rows.size(), 5u);
    for (const auto& r : rows) {
        EXPECT_GT(r.gflops, 0) << r.stage;
        EXPECT_LT(r.max_rel_error, 1e-5 * 8) << r.stage;
    }
}

// --- The loss-scaling story on emulated fp16 ------------------------------------------------------

// The demo's matrices are small: one thread (a second one mostly waits at GEMM barriers).
void single_thread() {
    Eigen::setNbThreads(1);
    omp_set_num_threads(1);
}

TEST(LossScalingDemo, ScalingMovesGradientsOutOfUnderflowUntilTheyOverflow) {
    single_thread();
    const auto [train, test] = load_images("digits", 1);
    NetSpec net;  // the program's census: a 64-128-64-10 MLP trained 5 epochs
    net.hidden = {128, 64};
    const Census c = gradient_census(train, net, 5, 64, 1);
    ASSERT_EQ(c.rows.size(), 7u);  // S = 2^0, 2^4, …, 2^24
    EXPECT_GT(c.elements, 0);
    // At S = 1 some nonzero fp32 gradients are 0 in fp16; scaling by 2^8 rescues most of them
    // (underflow falls); at 2^24 the large gradients overflow.
    EXPECT_GT(c.rows[0].underflow, 0.0);
    EXPECT_LT(c.rows[2].underflow, c.rows[0].underflow);
    EXPECT_EQ(c.rows[2].overflow, 0.0);
    // The error left is the rounding of fp16 activations, the same at every scale that neither
    // underflows nor overflows.
    EXPECT_LE(c.rows[2].rel_error, c.rows[0].rel_error * (1 + 1e-3));  // equal up to rounding
    EXPECT_LT(c.rows[2].rel_error, 5e-3);
    EXPECT_GT(c.rows[6].overflow, 0.0);
    EXPECT_TRUE(std::isinf(c.rows[6].rel_error));
}

TEST(LossScalingDemo, Fp16TrainsTheDigitsLikeFp32OnSeveralSeeds) {
    single_thread();
    const auto [train, test] = load_images("digits", 1);
    for (uint64_t seed : {1, 2, 3}) {
        AmpSettings s;
        s.net.hidden = {64};
        s.epochs = 8;
        s.batch = 32;
        s.seed = seed;
        const AmpComparison c = compare_fp32_amp(train, test, s);
        EXPECT_GE(c.fp32.test_accuracy, 0.9) << "seed " << seed;
        EXPECT_LE(std::abs(c.fp32.test_accuracy - c.amp.test_accuracy), 0.02) << "seed " << seed;
        EXPECT_EQ(c.amp.steps, 8 * ((train.count() + 31) / 32));
    }
}

}  // namespace
