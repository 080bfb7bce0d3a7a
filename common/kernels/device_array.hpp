/// @file device_array.hpp
/// @brief dl::DeviceArray<T>: a plain array of bytes or integers on the CPU or the GPU.
///
/// Tensors hold floating-point numbers. Image data sets are kept as bytes (a 60,000-image set
/// is 47 MB as uint8 and would be 188 MB as float32) and labels and sample orders are integers;
/// a DeviceArray carries them to the device the training loop runs on, once, so a mini-batch
/// is assembled there without a host round trip (see batch.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "../core/device.hpp"
#include "../core/error.hpp"
#include "../core/memory.hpp"

namespace dl {

template <class T>
class DeviceArray {
public:
    DeviceArray() = default;
    /// n elements on `device`, uninitialised.
    DeviceArray(int64_t n, Device device) : n_(n), device_(device) {
        DL_CHECK(n >= 0, "DeviceArray: negative size ", n);
        void* p = device_alloc(static_cast<std::size_t>(n) * sizeof(T), device);
        ptr_ = std::shared_ptr<T>(static_cast<T*>(p), [device](T* q) { device_free(q, device); });
    }
    /// A copy of host values on `device`.
    DeviceArray(const std::vector<T>& host, Device device)
        : DeviceArray(static_cast<int64_t>(host.size()), device) {
        copy_from_host(host.data(), n_);
    }

    /// A view of host memory owned by someone else (no copy); it must outlive the view.
    static DeviceArray host_view(T* data, int64_t n) {
        DeviceArray a;
        a.ptr_ = std::shared_ptr<T>(data, [](T*) {});
        a.n_ = n;
        a.device_ = Device::CPU;
        return a;
    }

    int64_t size() const { return n_; }
    Device device() const { return device_; }
    T* data() const { return ptr_.get(); }

    /// Copies `count` host values into elements [0, count).
    void copy_from_host(const T* src, int64_t count) {
        DL_CHECK(count >= 0 && count <= n_, "DeviceArray: copy of ", count, " into ", n_);
        device_copy(ptr_.get(), device_, src, Device::CPU, static_cast<std::size_t>(count) * sizeof(T));
    }
    /// All elements, copied to the host.
    std::vector<T> to_host() const {
        std::vector<T> out(static_cast<std::size_t>(n_));
        device_copy(out.data(), Device::CPU, ptr_.get(), device_, out.size() * sizeof(T));
        return out;
    }

private:
    std::shared_ptr<T> ptr_;
    int64_t n_ = 0;
    Device device_ = Device::CPU;
};

}  // namespace dl
