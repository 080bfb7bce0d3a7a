/// @file scratch.cuh
/// @brief dl::cuda::Scratch<T>: per-call temporary device memory for multi-pass kernels.
///
/// A reduction that runs in two launches (partial sums, then their sum) needs somewhere to put
/// the partial sums. A fixed `__device__` array would be shared by every call in the process:
/// two calls on different streams, or from two threads, would overwrite each other's partial
/// sums. Each call gets its own buffer instead, from CUDA's stream-ordered allocator
/// (cudaMallocAsync / cudaFreeAsync on the stream the kernels run on). The freed memory stays
/// in the device's pool, so after the first call an allocation costs about as little as a
/// kernel launch and never waits for the GPU.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "check.cuh"

namespace dl::cuda {

/// Keeps freed scratch memory in the current device's default pool instead of handing it back
/// to the driver at every synchronization (the pool's default). Called by Scratch.
void keep_scratch_pool();

template <class T>
class Scratch {
public:
    /// n elements on `stream` (the default stream unless given), uninitialised.
    explicit Scratch(int64_t n, cudaStream_t stream = nullptr) : stream_(stream) {
        if (n <= 0) return;
        keep_scratch_pool();
        DL_CUDA_CHECK(cudaMallocAsync(reinterpret_cast<void**>(&ptr_),
                                      static_cast<std::size_t>(n) * sizeof(T), stream_));
    }
    ~Scratch() {
        if (ptr_) cudaFreeAsync(ptr_, stream_);  // ordered after the kernels that use it
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

    T* get() const { return ptr_; }

private:
    T* ptr_ = nullptr;
    cudaStream_t stream_ = nullptr;
};

}  // namespace dl::cuda
