// Graded: ch07.clip_grad_norm. The header's 3-4-5 example, no change below the limit, one
// common factor (the direction kept), and a bad limit refused.
#include <cmath>

#include "exercises/ch07.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, ClipThreeFourFive) {
    std::vector<MatrixD> g = {MatrixD::Constant(1, 1, 3.0), MatrixD::Constant(1, 1, 4.0)};
    EXPECT_NEAR(clip_grad_norm(g, 1.0), 5.0, 1e-12);
    EXPECT_NEAR(g[0](0, 0), 0.6, 1e-12);
    EXPECT_NEAR(g[1](0, 0), 0.8, 1e-12);
}

TEST(Graded, ClipLeavesSmallGradientsAlone) {
    std::vector<MatrixD> g = {MatrixD::Constant(2, 2, 1.0), MatrixD::Constant(3, 1, -1.0)};
    const auto before = g;
    EXPECT_NEAR(clip_grad_norm(g, 10.0), std::sqrt(7.0), 1e-12);  // √(4 + 3)
    EXPECT_EQ(g[0], before[0]);
    EXPECT_EQ(g[1], before[1]);
}

TEST(Graded, ClipIsGlobalNotPerMatrix) {
    // Norms 6 and 8 (global 10): with max_norm 5 both are halved — per-matrix clipping would
    // give 5 and 5 and turn the direction.
    std::vector<MatrixD> g = {MatrixD::Constant(4, 1, 3.0), MatrixD::Constant(1, 4, 4.0)};
    EXPECT_NEAR(clip_grad_norm(g, 5.0), 10.0, 1e-12);
    EXPECT_NEAR(g[0].norm(), 3.0, 1e-12);
    EXPECT_NEAR(g[1].norm(), 4.0, 1e-12);
    double total = 0;
    for (const auto& m : g) total += m.squaredNorm();
    EXPECT_NEAR(std::sqrt(total), 5.0, 1e-12);
}

TEST(Graded, ClipRefusesABadLimit) {
    std::vector<MatrixD> g = {MatrixD::Constant(1, 1, 3.0)};
    GRADED_EXPECT_INPUT_ERROR(clip_grad_norm(g, 0.0), "max_norm = 0");
    GRADED_EXPECT_INPUT_ERROR(clip_grad_norm(g, -1.0), "max_norm = -1");
}
