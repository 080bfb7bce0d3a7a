/// @file augmented_source.hpp
/// @brief dl::nn::AugmentedImageSource: a data source whose images are shifted and mirrored at
/// random each time a batch is drawn (data augmentation, 数据扩增, on the fly).
///
/// It wraps another source of images (an ImageSource) and passes every batch through
/// dl::augment_images (kernels/augment.hpp) on the source's device: no augmented copy of the
/// data set is ever stored, and every epoch sees the images moved differently. The random
/// choices are keyed by (seed, number of the batch drawn so far, image in the batch), so a run
/// on the CPU and one on the GPU see the same augmented batches.
///
///     ImageSource train_src(dtrain, 28, 28);
///     AugmentedImageSource augmented(train_src, {2, true}, seed);   // ±2 pixels, flips
///     Trainer trainer(model, loss, opt, augmented, options);        // the validation source
///                                                                   // stays un-augmented
///
/// The batch counter lives in the source (it is not saved in checkpoints: a resumed run
/// augments differently, which changes nothing a picture could show).
#pragma once

#include "../kernels/augment.hpp"
#include "data_source.hpp"

namespace dl::nn {

class AugmentedImageSource : public DataSource {
public:
    /// `inner` must outlive this source and give image batches [W x H x C x m].
    AugmentedImageSource(const DataSource& inner, AugmentSettings settings, uint64_t seed);

    int64_t size() const override { return inner_.size(); }
    Shape input_shape(int64_t m) const override { return inner_.input_shape(m); }
    Shape target_shape(int64_t m) const override { return inner_.target_shape(m); }
    Device device() const override { return inner_.device(); }
    /// The inner source's batch, augmented into X (the first call allocates one scratch batch).
    void gather(const DeviceArray<int32_t>& order, int64_t offset, Tensor& X,
                Tensor& Y) const override;

    const AugmentSettings& settings() const { return settings_; }
    /// Batches drawn so far.
    uint64_t batches() const { return batches_; }

private:
    const DataSource& inner_;
    AugmentSettings settings_;
    uint64_t seed_;
    mutable Tensor raw_;           // the un-augmented batch
    mutable uint64_t batches_ = 0;
};

}  // namespace dl::nn
