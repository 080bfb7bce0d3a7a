/// @file image_dataset.hpp
/// @brief dl::ImageDataset: labelled images kept as bytes, one image per column.
///
/// Image data sets stay uint8 in memory: Fashion-MNIST's 60,000 training images take 47 MB
/// this way and would take 188 MB as float32. The training loop converts one mini-batch at a
/// time (dl::gather_batch) into a preallocated float32 X scaled to [0, 1].
///
/// Layout: pixels is a features x count column-major byte matrix: image j's H·W pixels, row by
/// row, are the bytes [j·H·W, (j+1)·H·W). This is the IDX files' order too, so loading needs
/// no reshuffling.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../core/rng.hpp"
#include "../kernels/device_array.hpp"
#include "dataset.hpp"

namespace dl {

struct ImageDataset {
    std::string name;                      ///< "fashion-mnist train", "digits test", ...
    int64_t height = 0, width = 0;         ///< pixels per image: height x width (one channel)
    std::vector<uint8_t> pixels;           ///< (height·width) x count bytes, one image per column
    std::vector<int32_t> labels;           ///< count labels in [0, classes)
    int classes = 0;
    std::vector<std::string> class_names;  ///< `classes` names
    float scale = 1.0f / 255.0f;           ///< pixel byte → [0, 1]

    int64_t features() const { return height * width; }
    int64_t count() const { return static_cast<int64_t>(labels.size()); }
    /// Checks sizes and label range; throws dl::Error naming the data set.
    void validate() const;
};

/// A labelled float Dataset of small integer pixels (e.g. the 8x8 digits, 0..16) as bytes;
/// `max_value` maps to 1.0.
ImageDataset images_from_dataset(const Dataset& d, int64_t height, int64_t width, int max_value);

/// Moves a random `fraction` of `train`'s images (stratified by class) into a new validation
/// set, compacting `train` in place (no second copy of the training bytes). Throws dl::Error
/// naming the set when it is empty or when no training image would be left.
ImageDataset take_validation(ImageDataset& train, double fraction, Rng& rng);

/// The data set's bytes and labels on `device`, ready for dl::gather_batch. On the CPU they
/// view `d`'s memory (no copy), so `d` must outlive the result.
struct DeviceImages {
    DeviceArray<uint8_t> pixels;
    DeviceArray<int32_t> labels;
    int64_t features = 0, count = 0;
    int classes = 0;
    float scale = 1.0f;
};
DeviceImages to_device(const ImageDataset& d, Device device);

}  // namespace dl
