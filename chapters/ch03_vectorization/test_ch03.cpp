// Chapter 3: every matrix-product stage against Eigen, the loop dot product against double,
// the gradient-step versions identical, the calorie percentages by hand (on the CPU).
#include <cmath>

#include "broadcasting.hpp"
#include "dot_product.hpp"
#include "gemm_stages.hpp"
#include "gradient_step.hpp"
#include "core/eigen_view.hpp"
#include "test_util.hpp"

using namespace dl;

TEST(Ch03, GemmStagesAgreeWithEigen) {
    Rng rng(3);
    for (int n : {1, 7, 65, 130}) {  // odd sizes: partial tiles in the blocked stage
        const Matrix A = Matrix::NullaryExpr(n, n, [&] { return float(rng.normal()); });
        const Matrix B = Matrix::NullaryExpr(n, n, [&] { return float(rng.normal()); });
        const Matrix ref = A * B;
        for (auto s : {ch03::GemmStage::Naive, ch03::GemmStage::Reordered, ch03::GemmStage::Blocked}) {
            Matrix C = Matrix::Constant(n, n, std::nanf(""));
            ch03::gemm(s, A.data(), B.data(), C.data(), n);
            // A product of n terms: rel <= 1e-4 of the largest |C|.
            EXPECT_LE((C - ref).cwiseAbs().maxCoeff() / std::max(1.0f, ref.cwiseAbs().maxCoeff()), 1e-4)
                << ch03::gemm_stage_name(s) << " n = " << n;
        }
    }
}

TEST(Ch03, DotLoopHandComputed) {
    const float a[] = {1, 2, 3}, b[] = {4, -5, 6};
    EXPECT_EQ(ch03::dot_loop(a, b, 3), 12.0f);
}

TEST(Ch03, DotVersionsAgreeWithinTolerance) {
    const ch03::DotTimes t = ch03::time_dot(200000, 1, false);
    EXPECT_LE(std::abs(t.loop_value - t.exact) / t.exact, 1e-3);
    EXPECT_LE(std::abs(t.vectorized_value - t.exact) / t.exact, 1e-4);
}

TEST(Ch03, GradientStepLoopsEqualVectorized) {
    const auto r = ch03::time_gradient_step(5, {50, 300}, 2);
    for (const auto& s : r) EXPECT_LE(s.max_rel_diff, 1e-6) << "m = " << s.m;
}

TEST(Ch03, CaloriePercentagesByHand) {
    const ch03::CalorieResult r = ch03::calorie_percentages(Device::CPU);
    const double totals[] = {59.0, 239.0, 155.4, 76.9};
    for (int j = 0; j < 4; ++j) EXPECT_NEAR(r.totals[j], totals[j], 1e-4);
    // 5600/59, 0/239, 440/155.4, 6800/76.9 ... to 4 decimals.
    const double want[3][4] = {{94.9153, 0.0, 2.8314, 88.4265},
                               {2.0339, 43.5146, 33.4620, 10.4031},
                               {3.0508, 56.4854, 63.7066, 1.1704}};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j) EXPECT_NEAR(r.percent[i][j], want[i][j], 5e-5);
}

TEST(Ch03, Rank1ShapeIsRefused) {
    EXPECT_THROW((Shape{5}), Error);
    EXPECT_NE(ch03::rank1_demo().find("rank-1 arrays are not allowed"), std::string::npos);
}
