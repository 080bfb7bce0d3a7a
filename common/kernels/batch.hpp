/// @file batch.hpp
/// @brief Assembling a mini-batch: X(:, j) = scale · pixels(:, order[j]), Y(:, j) = one-hot.
///
/// The data set stays in memory as bytes (one image per column of an n x N uint8 matrix) and
/// its labels as integers; each step converts only the m columns of its mini-batch into the
/// preallocated float32 X (n x m) and one-hot Y (K x m), in the shuffled order of the epoch.
/// On the GPU the bytes, labels and order live on the device, so nothing crosses the bus per
/// step. Twins: batch_cpu.cpp, batch_cuda.cu. Test: tests/nn/test_kernels_ch04.cpp.
///
/// Shapes: pixels n·N bytes, labels N ints in [0, K), order ≥ offset + m ints in [0, N),
/// X n x m, Y K x m (both float32, same device as the arrays).
#pragma once

#include "device_array.hpp"
#include "dispatch.hpp"

namespace dl {

namespace cpu {
void gather_batch(const DeviceArray<uint8_t>& pixels, const DeviceArray<int32_t>& labels,
                  const DeviceArray<int32_t>& order, int64_t offset, float scale, Tensor& X,
                  Tensor& Y);
}
namespace cuda {
void gather_batch(const DeviceArray<uint8_t>& pixels, const DeviceArray<int32_t>& labels,
                  const DeviceArray<int32_t>& order, int64_t offset, float scale, Tensor& X,
                  Tensor& Y);
}

/// X(:, j) = scale · pixels(:, order[offset + j]); Y(:, j) = e_{labels[order[offset + j]]}
/// for j = 0 … m−1, where m = X.cols(). Indices are checked on the CPU; on the GPU an index
/// out of range is skipped (the column is left at 0) rather than read out of bounds.
inline void gather_batch(const DeviceArray<uint8_t>& pixels, const DeviceArray<int32_t>& labels,
                         const DeviceArray<int32_t>& order, int64_t offset, float scale,
                         Tensor& X, Tensor& Y) {
    check_same_device("gather_batch", {&X, &Y});
    DL_CHECK(X.dtype() == DType::F32 && Y.dtype() == DType::F32,
             "gather_batch: X and Y must be float32, got ", describe(X), " and ", describe(Y));
    DL_CHECK(pixels.device() == X.device() && labels.device() == X.device() &&
                 order.device() == X.device(),
             "gather_batch: the data set's arrays must be on ", device_name(X.device()));
    const int64_t n = X.rows(), m = X.cols();
    DL_CHECK(Y.cols() == m, "gather_batch: Y must have ", m, " columns, got ", Y.shape().str());
    DL_CHECK(n > 0 && pixels.size() == n * labels.size(), "gather_batch: ", pixels.size(),
             " bytes are not ", labels.size(), " samples of ", n, " features");
    DL_CHECK(offset >= 0 && offset + m <= order.size(), "gather_batch: samples [", offset, ", ",
             offset + m, ") are outside the order of ", order.size());
    DL_DISPATCH(X.device(), gather_batch, pixels, labels, order, offset, scale, X, Y);
}

}  // namespace dl
