/// @file data_source.hpp
/// @brief Where a Trainer's mini-batches come from: a data set that fills X and Y for a list of
/// sample indices.
///
/// The trainer shuffles the indices 0 … N−1 once per epoch and asks its source for the samples
/// order[offset], …, order[offset + m − 1] of each batch, written into tensors it allocated
/// once. Two sources cover the course's data:
///
/// - ImageSource: labelled images kept as bytes (image_dataset.hpp); X is the batch of images
///   (scaled to [0, 1], CHW inside each column), Y the one-hot labels;
/// - TensorSource: inputs and targets held as float tensors, one sample per column (2-D point
///   sets, regression targets, the adding problem's sequences).
///
/// A chapter with other data (character windows of a text) derives its own.
#pragma once

#include "../data/image_dataset.hpp"
#include "../kernels/device_array.hpp"

namespace dl::nn {

class DataSource {
public:
    virtual ~DataSource() = default;
    /// Samples in the set.
    virtual int64_t size() const = 0;
    /// The shape of X (inputs) and of Y (targets) for a batch of m samples.
    virtual Shape input_shape(int64_t m) const = 0;
    virtual Shape target_shape(int64_t m) const = 0;
    /// The device the source fills tensors on.
    virtual Device device() const = 0;
    /// X, Y ← samples order[offset … offset + m) with m = X.cols() (X, Y already shaped).
    virtual void gather(const DeviceArray<int32_t>& order, int64_t offset, Tensor& X,
                        Tensor& Y) const = 0;
};

/// Labelled images (bytes) on a device: X is [W x H x C x m] with C = 1, Y one-hot K x m.
class ImageSource : public DataSource {
public:
    /// `images` must outlive the source (on the CPU it is viewed, not copied).
    ImageSource(const DeviceImages& images, int64_t height, int64_t width);
    int64_t size() const override { return d_.count; }
    Shape input_shape(int64_t m) const override { return Shape::images(m, 1, h_, w_); }
    Shape target_shape(int64_t m) const override { return Shape::matrix(d_.classes, m); }
    Device device() const override { return d_.pixels.device(); }
    void gather(const DeviceArray<int32_t>& order, int64_t offset, Tensor& X,
                Tensor& Y) const override;

private:
    const DeviceImages& d_;
    int64_t h_, w_;
};

/// Inputs X (any batch shape, N samples) and targets Y (N samples) as tensors on one device.
class TensorSource : public DataSource {
public:
    TensorSource(Tensor X, Tensor Y);
    int64_t size() const override { return X_.cols(); }
    Shape input_shape(int64_t m) const override { return X_.shape().with_cols(m); }
    Shape target_shape(int64_t m) const override { return Y_.shape().with_cols(m); }
    Device device() const override { return X_.device(); }
    void gather(const DeviceArray<int32_t>& order, int64_t offset, Tensor& X,
                Tensor& Y) const override;

private:
    Tensor X_, Y_;
};

}  // namespace dl::nn
