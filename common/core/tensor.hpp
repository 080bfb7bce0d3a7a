/// @file tensor.hpp
/// @brief dl::Tensor: a block of numbers on the CPU or on the GPU, with a shape and a type.
///
/// A Tensor is a handle: copying it shares the storage (like a PyTorch tensor or a
/// std::shared_ptr), and clone() makes an independent copy. Views (slice_cols(), reshape())
/// share storage too, so a mini-batch is a slice of the data set's columns, not a copy.
///
/// Layout: see shape.hpp. The last dimension counts samples, and a tensor of any rank is also
/// a rows() x cols() column-major matrix (features x samples), which is how the kernels see it.
///
/// Kernels never allocate behind your back: outputs are passed in, already shaped, so a
/// training loop allocates its buffers once. Every kernel checks shapes, types and devices
/// and throws dl::Error naming the mismatch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "device.hpp"
#include "dtype.hpp"
#include "error.hpp"
#include "shape.hpp"

namespace dl {

/// Raw memory on one device; freed when the last Tensor using it goes away.
class Storage {
public:
    Storage(std::size_t bytes, Device device);
    ~Storage();
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;

    void* data() const { return data_; }
    std::size_t bytes() const { return bytes_; }
    Device device() const { return device_; }

private:
    void* data_ = nullptr;
    std::size_t bytes_ = 0;
    Device device_ = Device::CPU;
};

class Tensor {
public:
    /// An empty tensor: no storage, rank 0.
    Tensor() = default;

    /// A tensor of `shape` on `device`; the contents are uninitialised.
    explicit Tensor(const Shape& shape, DType dtype = DType::F32, Device device = Device::CPU);

    static Tensor zeros(const Shape& shape, DType dtype = DType::F32, Device device = Device::CPU);
    static Tensor full(const Shape& shape, double value, DType dtype = DType::F32,
                       Device device = Device::CPU);
    /// A CPU tensor from values listed in column-major order (column by column).
    static Tensor from_values(const Shape& shape, const std::vector<double>& values,
                              DType dtype = DType::F32);

    const Shape& shape() const { return shape_; }
    int64_t rows() const { return shape_.rows(); }
    int64_t cols() const { return shape_.cols(); }
    int64_t numel() const { return shape_.numel(); }
    DType dtype() const { return dtype_; }
    Device device() const { return device_; }
    bool empty() const { return numel() == 0; }
    bool is_cpu() const { return device_ == Device::CPU; }
    bool is_cuda() const { return device_ == Device::CUDA; }

    /// Typed pointer to the first element; throws if T does not match dtype().
    template <class T>
    T* data() const {
        DL_CHECK(dtype_of<T>() == dtype_, "tensor ", shape_.str(), " holds ", dtype_name(dtype_),
                 ", not ", dtype_name(dtype_of<T>()));
        return static_cast<T*>(raw());
    }
    /// Untyped pointer to the first element (nullptr when empty).
    void* raw() const;

    /// A copy on `device` (a new tensor even when already there).
    Tensor to(Device device) const;
    /// An independent copy on the same device.
    Tensor clone() const { return to(device_); }
    /// Copies `src` into this tensor: same shape and type, any pair of devices.
    void copy_from(const Tensor& src);
    /// Sets every element to `value` (on either device). Filling with 0 is a memset (on the GPU
    /// a cudaMemset, with no host buffer), cheap enough for every training step.
    void fill(double value);

    /// Columns [begin, end) along the last dimension (samples), sharing storage.
    Tensor slice_cols(int64_t begin, int64_t end) const;
    /// The same elements under another shape with the same number of elements, sharing storage.
    Tensor reshape(const Shape& shape) const;
    /// The first shape.numel() elements under `shape`, sharing storage. A buffer allocated once
    /// for the largest batch is seen this way at the size of the current batch (for images
    /// [W x H x C x N] this is slice_cols(0, m); for time-major sequences it is the first T·m
    /// columns, the same memory).
    Tensor first(const Shape& shape) const;

    /// Element (r, c) of the rows() x cols() matrix view, read on the host (copies one element
    /// from the GPU when needed: for tests and printing, not for loops).
    double at(int64_t r, int64_t c) const;
    /// All elements as doubles in column-major order (copies from the GPU when needed).
    std::vector<double> values() const;

    /// Throws dl::Error unless this tensor has `shape`; `what` names it in the message.
    void check_shape(const Shape& shape, const char* what) const {
        dl::check_shape(shape_, shape, what);
    }

private:
    std::shared_ptr<Storage> storage_;
    std::size_t offset_bytes_ = 0;
    Shape shape_;
    DType dtype_ = DType::F32;
    Device device_ = Device::CPU;
};

/// "[3 x 4] float32 cpu".
std::string describe(const Tensor& t);

/// Throws unless every tensor is on the same device as the first; `op` names the kernel.
void check_same_device(const char* op, std::initializer_list<const Tensor*> tensors);
/// Throws unless every tensor has the same dtype as the first; `op` names the kernel.
void check_same_dtype(const char* op, std::initializer_list<const Tensor*> tensors);

}  // namespace dl
