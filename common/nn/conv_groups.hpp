/// @file conv_groups.hpp
/// @brief How Conv2d and ConvTranspose2d cut a batch into groups of images for im2col + GEMM,
/// and share the groups out between threads (internal to the two layers).
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <exception>

#include "../core/device.hpp"

namespace dl::nn::detail {

/// Images per group, for a Col of P·G x Q floats: within 2^15 floats (128 KB, inside a core's
/// L2 cache and Eigen's stack limit) on the CPU, 2^25 floats (128 MB) on the GPU; equal groups
/// (10 images in 2 groups of 5, not 8 + 2).
inline int64_t group_size(int64_t P, int64_t Q, int64_t images, Device device) {
    const int64_t budget = device == Device::CPU ? (int64_t(1) << 15) : (int64_t(1) << 25);
    const int64_t most = std::clamp<int64_t>(budget / (P * Q), 1, images);
    const int64_t groups = (images + most - 1) / most;
    return (images + groups - 1) / groups;
}

/// Runs f(t, c) for the groups c = 0 … groups−1, thread t taking a contiguous share; an
/// exception in any thread is rethrown after all have finished.
template <class F>
void for_groups(int threads, int64_t groups, F&& f) {
    if (threads <= 1) {
        for (int64_t c = 0; c < groups; ++c) f(0, c);
        return;
    }
    std::exception_ptr error;
#pragma omp parallel num_threads(threads)
    {
        const int t = omp_get_thread_num();
        const int64_t begin = groups * t / threads, end = groups * (t + 1) / threads;
        try {
            for (int64_t c = begin; c < end; ++c) f(t, c);
        } catch (...) {
#pragma omp critical(dl_conv_groups_error)
            if (!error) error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);
}

}  // namespace dl::nn::detail
