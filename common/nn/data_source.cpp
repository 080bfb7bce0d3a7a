/// @file data_source.cpp
/// @brief The image and tensor data sources (see data_source.hpp).
#include "data_source.hpp"

#include "../kernels/batch.hpp"
#include "../kernels/gather.hpp"

namespace dl::nn {

ImageSource::ImageSource(const DeviceImages& images, int64_t height, int64_t width)
    : d_(images), h_(height), w_(width) {
    DL_CHECK(height * width == images.features, "ImageSource: ", height, " x ", width,
             " pixels, but the images have ", images.features);
}

void ImageSource::gather(const DeviceArray<int32_t>& order, int64_t offset, Tensor& X,
                         Tensor& Y) const {
    // gather_batch sees X as its (H·W) x m matrix: the same memory as the image batch.
    Tensor Xm = X.reshape(Shape::matrix(X.rows(), X.cols()));
    gather_batch(d_.pixels, d_.labels, order, offset, d_.scale, Xm, Y);
}

TensorSource::TensorSource(Tensor X, Tensor Y) : X_(std::move(X)), Y_(std::move(Y)) {
    DL_CHECK(X_.cols() == Y_.cols(), "TensorSource: ", X_.cols(), " inputs but ", Y_.cols(),
             " targets");
    DL_CHECK(X_.cols() > 0, "TensorSource: the data set is empty (it needs at least 1 sample)");
    check_same_device("TensorSource", {&X_, &Y_});
}

void TensorSource::gather(const DeviceArray<int32_t>& order, int64_t offset, Tensor& X,
                          Tensor& Y) const {
    gather_columns(X_, order, offset, X);
    gather_columns(Y_, order, offset, Y);
}

}  // namespace dl::nn
