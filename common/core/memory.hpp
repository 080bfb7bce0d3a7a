/// @file memory.hpp
/// @brief Allocation and copies on either device; the only place that calls cudaMalloc.
#pragma once

#include <cstddef>
#include <cstdint>

#include "device.hpp"

namespace dl {

/// `bytes` of memory on `device` (64-byte aligned on the CPU); throws dl::Error on failure.
void* device_alloc(std::size_t bytes, Device device);
/// Frees memory from device_alloc(); never throws.
void device_free(void* ptr, Device device) noexcept;
/// Sets `bytes` of memory on `device` to zero bytes (0.0 in every floating-point format), on the
/// GPU with cudaMemset: no host buffer, so a training step can clear its gradients for free.
void device_zero(void* ptr, Device device, std::size_t bytes);
/// How many times device_alloc() has handed out memory in this process (on either device).
/// The tests use it to prove that a training step allocates nothing after the first one.
int64_t device_alloc_count();
/// Copies `bytes` between any two devices. A copy to or from the host returns when it is done;
/// a GPU-to-GPU copy is queued in order with the kernels on the default stream.
void device_copy(void* dst, Device dst_device, const void* src, Device src_device,
                 std::size_t bytes);

}  // namespace dl
