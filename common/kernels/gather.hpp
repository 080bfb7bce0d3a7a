/// @file gather.hpp
/// @brief Picking columns in a given order: out(:, j) = src(:, order[offset + j]).
///
/// The mini-batch of a data set held as a float tensor (the 2-D points of chapter 5, the
/// features of a regression): the training loop shuffles a list of sample indices once per
/// epoch and gathers each batch's columns into a preallocated tensor. (Images kept as bytes
/// use dl::gather_batch instead, which converts while it gathers.)
///
/// Twins: gather_cpu.cpp, gather_cuda.cu. Test: tests/kernels/test_gather.cpp.
///
/// Shapes: src n x N, out n x m (any rank: the matrix views are used), order ≥ offset + m
/// indices in [0, N).
#pragma once

#include "device_array.hpp"
#include "dispatch.hpp"

namespace dl {

namespace cpu {
void gather_columns(const Tensor& src, const DeviceArray<int32_t>& order, int64_t offset,
                    Tensor& out);
}
namespace cuda {
void gather_columns(const Tensor& src, const DeviceArray<int32_t>& order, int64_t offset,
                    Tensor& out);
}

/// out(:, j) = src(:, order[offset + j]) for j = 0 … out.cols() − 1. An index outside
/// [0, src.cols()) is an error on the CPU; on the GPU its column is set to 0 (a kernel cannot
/// throw), never read out of bounds.
inline void gather_columns(const Tensor& src, const DeviceArray<int32_t>& order, int64_t offset,
                           Tensor& out) {
    check_same_device("gather_columns", {&src, &out});
    check_same_dtype("gather_columns", {&src, &out});
    check_float_dtype("gather_columns", src);
    DL_CHECK(order.device() == src.device(), "gather_columns: the order must be on ",
             device_name(src.device()));
    DL_CHECK(out.rows() == src.rows(), "gather_columns: out has ", out.rows(), " rows, src ",
             src.rows());
    DL_CHECK(offset >= 0 && offset + out.cols() <= order.size(), "gather_columns: samples [",
             offset, ", ", offset + out.cols(), ") are outside the order of ", order.size());
    DL_DISPATCH(src.device(), gather_columns, src, order, offset, out);
}

}  // namespace dl
