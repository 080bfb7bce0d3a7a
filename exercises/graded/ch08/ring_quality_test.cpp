// Graded: ch08.ring_quality. The header's example, the boundary at exactly 3σ, ties going to
// the lower mode, and a collapsed generator (every sample sharp, one mode covered).
#include <cmath>

#include "exercises/ch08.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, RingQualityHeaderExample) {
    MatrixD X(2, 4);
    X << 2, 2.2, 0, 1,  //
        0, 0, 1.9, 1;
    const RingQuality q = ring_quality(X, 4, 2.0, 0.1);
    EXPECT_EQ(q.counts, (std::vector<int64_t>{2, 1, 0, 0}));
    EXPECT_EQ(q.modes_covered, 2);
    EXPECT_DOUBLE_EQ(q.high_quality, 0.75);
}

TEST(Graded, RingQualityCollapsedAndSmeared) {
    // Collapsed: 10 samples on mode 3 of 8, all sharp.
    MatrixD X(2, 10);
    for (int j = 0; j < 10; ++j) {
        X(0, j) = 2 * std::cos(2 * M_PI * 3 / 8) + 0.01 * (j % 3);
        X(1, j) = 2 * std::sin(2 * M_PI * 3 / 8);
    }
    RingQuality q = ring_quality(X, 8, 2.0, 0.02);
    EXPECT_EQ(q.modes_covered, 1);
    EXPECT_DOUBLE_EQ(q.high_quality, 1.0);
    EXPECT_EQ(q.counts[3], 10);
    // Smeared: 8 points half-way between neighbouring centres: none sharp, nothing covered.
    MatrixD S(2, 8);
    for (int k = 0; k < 8; ++k) {
        S(0, k) = 2 * std::cos(2 * M_PI * (k + 0.5) / 8);
        S(1, k) = 2 * std::sin(2 * M_PI * (k + 0.5) / 8);
    }
    q = ring_quality(S, 8, 2.0, 0.02);
    EXPECT_EQ(q.modes_covered, 0);
    EXPECT_DOUBLE_EQ(q.high_quality, 0.0);
    ASSERT_EQ(q.counts.size(), 8u);
}

TEST(Graded, RingQualityBoundaryAndTies) {
    // 0.25 from (2, 0) is within 3σ = 0.3, 0.35 is not; the origin is equally far from all
    // four centres of radius 0.1 (σ = 1 makes it sharp): the tie goes to mode 0.
    MatrixD X(2, 2);
    X << 2.25, 2.35,  //
        0, 0;
    RingQuality q = ring_quality(X, 4, 2.0, 0.1);
    EXPECT_EQ(q.counts, (std::vector<int64_t>{1, 0, 0, 0})) << GRADED_HINT("high quality is a distance <= 3σ (not the squared distance)");
    EXPECT_DOUBLE_EQ(q.high_quality, 0.5);
    MatrixD O = MatrixD::Zero(2, 1);
    q = ring_quality(O, 4, 0.1, 1.0);
    EXPECT_EQ(q.counts, (std::vector<int64_t>{1, 0, 0, 0}));
}

TEST(Graded, RingQualityRefusesBadArguments) {
    GRADED_EXPECT_INPUT_ERROR(ring_quality(MatrixD::Zero(3, 4), 8, 2, 0.02), "ring_quality(MatrixD::Zero(3, 4), 8, 2, 0.02)");
    GRADED_EXPECT_INPUT_ERROR(ring_quality(MatrixD::Zero(2, 4), 8, 2, 0), "ring_quality(MatrixD::Zero(2, 4), 8, 2, 0)");
}
