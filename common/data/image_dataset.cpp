/// @file image_dataset.cpp
/// @brief Byte image data sets (see image_dataset.hpp).
#include "image_dataset.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dl {

void ImageDataset::validate() const {
    DL_CHECK(height > 0 && width > 0, name, ": image size ", height, " x ", width);
    DL_CHECK(static_cast<int64_t>(pixels.size()) == features() * count(), name, ": ",
             pixels.size(), " bytes are not ", count(), " images of ", height, " x ", width);
    DL_CHECK(classes > 0, name, ": no classes");
    for (int64_t j = 0; j < count(); ++j)
        DL_CHECK(labels[j] >= 0 && labels[j] < classes, name, ": label ", labels[j], " of image ", j,
                 " is outside 0 … ", classes - 1);
}

ImageDataset images_from_dataset(const Dataset& d, int64_t height, int64_t width, int max_value) {
    DL_CHECK(d.features() == height * width, d.name, ": ", d.features(), " features are not ",
             height, " x ", width, " pixels");
    DL_CHECK(max_value > 0 && max_value <= 255, "images_from_dataset: max_value ", max_value);
    ImageDataset out;
    out.name = d.name;
    out.height = height;
    out.width = width;
    out.classes = d.classes;
    out.class_names = d.class_names;
    out.scale = 1.0f / static_cast<float>(max_value);
    const auto v = d.X.values();
    out.pixels.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double x = std::round(v[i]);
        DL_CHECK(x >= 0 && x <= max_value, d.name, ": pixel value ", v[i], " outside 0 … ", max_value);
        out.pixels[i] = static_cast<uint8_t>(x);
    }
    out.labels.assign(d.y.begin(), d.y.end());
    out.validate();
    return out;
}

ImageDataset take_validation(ImageDataset& train, double fraction, Rng& rng) {
    DL_CHECK(fraction >= 0 && fraction < 1, "validation fraction must be in [0, 1), got ", fraction);
    ImageDataset val;
    val.name = train.name + " (validation)";
    val.height = train.height;
    val.width = train.width;
    val.classes = train.classes;
    val.class_names = train.class_names;
    val.scale = train.scale;
    DL_CHECK(train.count() > 0, train.name, ": no images to train on (the set is empty)");
    if (fraction == 0) return val;
    // Stratified: from each class, a random `fraction` of its images.
    std::vector<std::vector<int64_t>> by_class(train.classes);
    for (int64_t j = 0; j < train.count(); ++j) by_class[train.labels[j]].push_back(j);
    std::vector<char> is_val(train.count(), 0);
    for (auto& idx : by_class) {
        rng.shuffle(idx);
        const auto k = static_cast<std::size_t>(std::llround(fraction * double(idx.size())));
        for (std::size_t i = 0; i < k && i < idx.size(); ++i) is_val[idx[i]] = 1;
    }
    const int64_t taken = std::count(is_val.begin(), is_val.end(), char(1));
    DL_CHECK(taken < train.count(), train.name, ": taking ", fraction, " of its ", train.count(),
             " images for validation leaves none for training; it needs more images (at least 2 "
             "of one class) or a smaller validation share");
    const int64_t n = train.features();
    int64_t kept = 0;
    for (int64_t j = 0; j < train.count(); ++j) {
        const uint8_t* src = train.pixels.data() + j * n;
        if (is_val[j]) {
            val.pixels.insert(val.pixels.end(), src, src + n);
            val.labels.push_back(train.labels[j]);
        } else {
            if (kept != j) std::memmove(train.pixels.data() + kept * n, src, n);
            train.labels[kept] = train.labels[j];
            ++kept;
        }
    }
    train.pixels.resize(kept * n);
    train.labels.resize(kept);
    return val;
}

DeviceImages to_device(const ImageDataset& d, Device device) {
    DeviceImages out;
    if (device == Device::CPU) {  // no copy: the arrays view the data set's own memory
        out.pixels = DeviceArray<uint8_t>::host_view(const_cast<uint8_t*>(d.pixels.data()),
                                                     static_cast<int64_t>(d.pixels.size()));
        out.labels = DeviceArray<int32_t>::host_view(const_cast<int32_t*>(d.labels.data()),
                                                     d.count());
    } else {
        out.pixels = DeviceArray<uint8_t>(d.pixels, device);
        out.labels = DeviceArray<int32_t>(d.labels, device);
    }
    out.features = d.features();
    out.count = d.count();
    out.classes = d.classes;
    out.scale = d.scale;
    return out;
}

}  // namespace dl
