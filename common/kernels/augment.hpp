/// @file augment.hpp
/// @brief Data augmentation (数据扩增) on the fly: every image of a batch shifted by a random
/// number of pixels and, at random, mirrored left to right.
///
/// The lecture's cheapest remedy for high variance after more data: make more data from the
/// data you have ("随意翻转图片 … 随意剪裁图片"). For image j of the batch, with a shift
/// (dx, dy) drawn uniformly from {−s, …, s}² and a flip drawn with probability ½:
///
///     Y(x, y, c, j) = X̃(x − dx, y − dy, c, j),   X̃(x, ·) = flip ? X(W − 1 − x, ·) : X(x, ·)
///
/// (mirror, then shift) and 0 where the source pixel falls outside the image (the background of Fashion-MNIST and MNIST
/// is 0). A shifted or mirrored shirt is still a shirt, so the labels stay.
///
/// The draws come from Philox (core/philox.hpp), keyed by (seed, batch number, image index in
/// the batch): the same batch is augmented the same way on the CPU and the GPU, and each batch
/// of each epoch differently. (A shift is bits mod (2s + 1): the bias of that modulo is below
/// 2s/2³², nothing a picture could show.)
///
/// Twins: augment_cpu.cpp, augment_cuda.cu (one thread per output pixel). Test:
/// tests/kernels/test_augment.cpp.
///
/// Shapes: X and Y are image batches [W x H x C x m] of the same shape; Y must not be X.
#pragma once

#include "../core/philox.hpp"
#include "dispatch.hpp"

namespace dl {

struct AugmentSettings {
    int max_shift = 2;  ///< s: shifts up to s pixels in each direction (0: none)
    bool flip = true;   ///< mirror left to right with probability ½
};

/// The random choices for image j of batch `batch`: shift (dx, dy) and the flip.
struct AugmentDraw {
    int dx, dy;
    bool flip;
};

/// The layer identifier augmentation uses in the Philox counter (apart from every dropout's).
constexpr uint32_t kAugmentStream = 0xA06E5u;

DL_PHILOX_HD AugmentDraw augment_draw(const AugmentSettings& s, uint64_t seed, uint64_t batch,
                                      uint64_t j) {
    const Philox4 r = philox_block(seed, batch, kAugmentStream, j);
    const uint32_t span = uint32_t(2 * s.max_shift + 1);
    return {int(r.v[0] % span) - s.max_shift, int(r.v[1] % span) - s.max_shift,
            s.flip && (r.v[2] & 1u)};
}

namespace cpu {
void augment_images(const Tensor& X, Tensor& Y, const AugmentSettings& s, uint64_t seed,
                    uint64_t batch);
}
namespace cuda {
void augment_images(const Tensor& X, Tensor& Y, const AugmentSettings& s, uint64_t seed,
                    uint64_t batch);
}

/// Y = X with every image shifted and maybe mirrored (see above).
inline void augment_images(const Tensor& X, Tensor& Y, const AugmentSettings& s, uint64_t seed,
                           uint64_t batch) {
    check_same_device("augment_images", {&X, &Y});
    check_same_dtype("augment_images", {&X, &Y});
    check_float_dtype("augment_images", X);
    DL_CHECK(X.shape().rank() == 4, "augment_images: expected an image batch [W x H x C x m], got ",
             X.shape().str());
    Y.check_shape(X.shape(), "augment_images: Y");
    DL_CHECK(X.raw() != Y.raw() || X.empty(), "augment_images: Y must not be X (each output "
             "pixel reads another input pixel)");
    DL_CHECK(s.max_shift >= 0 && s.max_shift < 1000, "augment_images: max_shift must be in "
             "[0, 1000), got ", s.max_shift);
    DL_DISPATCH(X.device(), augment_images, X, Y, s, seed, batch);
}

}  // namespace dl
