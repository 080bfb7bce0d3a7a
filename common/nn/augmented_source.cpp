/// @file augmented_source.cpp
/// @brief On-the-fly augmentation of a source's image batches (see augmented_source.hpp).
#include "augmented_source.hpp"

namespace dl::nn {

AugmentedImageSource::AugmentedImageSource(const DataSource& inner, AugmentSettings settings,
                                           uint64_t seed)
    : inner_(inner), settings_(settings), seed_(seed) {
    DL_CHECK(inner.input_shape(1).rank() == 4, "AugmentedImageSource: the source's samples must "
             "be images [W x H x C], got ", inner.input_shape(1).str());
    DL_CHECK(settings.max_shift >= 0, "augmentation: the largest shift must be >= 0 pixels, got ",
             settings.max_shift);
}

//! [augmented_gather]
void AugmentedImageSource::gather(const DeviceArray<int32_t>& order, int64_t offset, Tensor& X,
                                  Tensor& Y) const {
    if (raw_.numel() < X.numel() || raw_.device() != X.device() || raw_.dtype() != X.dtype())
        raw_ = Tensor(X.shape(), X.dtype(), X.device());  // once, for the largest batch
    Tensor raw = raw_.first(X.shape());
    inner_.gather(order, offset, raw, Y);                      // the batch as stored
    augment_images(raw, X, settings_, seed_, batches_++);      // shifted and mirrored at random
}
//! [augmented_gather]

}  // namespace dl::nn
