// dl::augment_images: a hand-computed shift and flip, every output is a shifted (and maybe
// mirrored) copy of its input, the draws are spread as promised, and CPU vs CUDA is exact.
#include <cmath>

#include "kernels/augment.hpp"
#include "test_util.hpp"

namespace dl {
namespace {

/// The first batch number whose draw for image 0 is (dx, dy, flip).
uint64_t batch_with(const AugmentSettings& s, int dx, int dy, bool flip) {
    for (uint64_t b = 0; b < 100000; ++b) {
        const AugmentDraw d = augment_draw(s, 5, b, 0);
        if (d.dx == dx && d.dy == dy && d.flip == flip) return b;
    }
    ADD_FAILURE() << "no batch draws (" << dx << ", " << dy << ", " << flip << ")";
    return 0;
}

TEST(Augment, HandComputedShiftAndFlip) {
    // One 3-wide, 2-high image, rows (1 2 3) and (4 5 6); stored x fastest: 1 2 3 4 5 6.
    const Tensor X = Tensor::from_values(Shape::images(1, 1, 2, 3), {1, 2, 3, 4, 5, 6});
    Tensor Y = test::poisoned(X.shape(), Device::CPU);
    const AugmentSettings s{1, true};
    // Shift right by one, no flip: rows (0 1 2), (0 4 5).
    augment_images(X, Y, s, 5, batch_with(s, 1, 0, false));
    EXPECT_EQ(Y.values(), (std::vector<double>{0, 1, 2, 0, 4, 5}));
    // Mirror, then down by one: mirrored rows (3 2 1), (6 5 4) → (0 0 0), (3 2 1).
    augment_images(X, Y, s, 5, batch_with(s, 0, 1, true));
    EXPECT_EQ(Y.values(), (std::vector<double>{0, 0, 0, 3, 2, 1}));
    // Mirror and left by one: (3 2 1) → (2 1 0).
    augment_images(X, Y, s, 5, batch_with(s, -1, 0, true));
    EXPECT_EQ(Y.values(), (std::vector<double>{2, 1, 0, 5, 4, 0}));
}

TEST(Augment, EveryImageIsAShiftedOrMirroredCopy) {
    const int64_t W = 5, H = 4, C = 2, m = 37;
    Rng rng(3);
    const Tensor X = test::randn(Shape::images(m, C, H, W), rng);
    Tensor Y(X.shape());
    const AugmentSettings s{2, true};
    augment_images(X, Y, s, 11, 6);
    const auto x = X.values(), y = Y.values();
    int flips = 0;
    for (int64_t j = 0; j < m; ++j) {
        const AugmentDraw d = augment_draw(s, 11, 6, uint64_t(j));
        EXPECT_LE(std::abs(d.dx), 2);
        EXPECT_LE(std::abs(d.dy), 2);
        flips += d.flip;
        for (int64_t c = 0; c < C; ++c)
            for (int64_t r = 0; r < H; ++r)
                for (int64_t col = 0; col < W; ++col) {
                    const int64_t rs = r - d.dy, cs = d.flip ? W - 1 - (col - d.dx) : col - d.dx;
                    const double want = rs >= 0 && rs < H && cs >= 0 && cs < W
                                            ? x[cs + W * (rs + H * (c + C * j))]
                                            : 0.0;
                    EXPECT_EQ(y[col + W * (r + H * (c + C * j))], want);
                }
    }
    EXPECT_GT(flips, 5);   // Binomial(37, ½): 18.5 ± 3
    EXPECT_LT(flips, 32);
    const AugmentSettings none{0, false};
    augment_images(X, Y, none, 11, 6);
    EXPECT_EQ(Y.values(), X.values());  // no shift, no flip: a copy
}

TEST(Augment, ShiftsAreUniformAndBatchesDiffer) {
    const AugmentSettings s{2, true};
    int count[5] = {0, 0, 0, 0, 0}, flips = 0;
    const int n = 50000;
    for (int i = 0; i < n; ++i) {
        const AugmentDraw d = augment_draw(s, 1, uint64_t(i / 100), uint64_t(i % 100));
        ++count[d.dx + 2];
        flips += d.flip;
    }
    for (int k = 0; k < 5; ++k) EXPECT_NEAR(count[k], n / 5, 500) << "dx = " << k - 2;  // σ ≈ 89
    EXPECT_NEAR(flips, n / 2, 600);                                                   // σ ≈ 112
    Tensor X = Tensor::full(Shape::images(1, 1, 1, 1), 1.0), Y(X.shape());
    EXPECT_THROW(augment_images(X, X, s, 1, 0), Error);  // in place is refused
    Tensor flat(Shape::matrix(4, 2)), out(Shape::matrix(4, 2));
    EXPECT_THROW(augment_images(flat, out, s, 1, 0), Error);  // not an image batch
}

TEST(AugmentCuda, SameImagesAsCpu) {
    DL_REQUIRE_CUDA();
    Rng rng(8);
    for (auto [c, m] : {std::pair<int64_t, int64_t>{1, 1}, {1, 67}, {3, 13}}) {
        const Tensor X = test::randn(Shape::images(m, c, 28, 27), rng);
        Tensor Y(X.shape());
        const AugmentSettings s{3, true};
        augment_images(X, Y, s, 99, 12345);
        Tensor gY = test::poisoned(X.shape(), Device::CUDA);
        augment_images(X.to(Device::CUDA), gY, s, 99, 12345);
        EXPECT_EQ(gY.values(), Y.values());  // copies and zeros: exact
    }
}

}  // namespace
}  // namespace dl
