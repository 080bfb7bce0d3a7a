/// @file rows.hpp
/// @brief Moving blocks of rows between two batches: concatenating features, splitting them,
/// and spreading a number over a whole feature map.
///
/// Samples are columns, so putting two things side by side *inside* each sample — a noise
/// vector z and a one-hot label y for a conditional generator, an image and its label for a
/// conditional discriminator — stacks their rows:
///
///     [z; y]  =  | z(:, 1) … z(:, m) |      (n_z + K) x m
///                | y(:, 1) … y(:, m) |
///
/// Column-major, each column of the result interleaves the two, so this is a strided copy: two
/// calls of repeat_rows with repeat = 1. The gradient of a concatenation is the split back,
/// sum_row_groups with repeat = 1.
///
/// With repeat = R, each of the rows is written R times in a row: a label's K one-hot numbers
/// become K constant maps of R = H·W pixels, the extra input channels of a conditional
/// convolutional discriminator (nn::LabelChannels). Its gradient adds each map back up into
/// one number: sum_row_groups with the same R.
///
///     repeat_rows:     dst(dst_row + r·R + t, j) = src(src_row + r, j)          r < rows, t < R
///     sum_row_groups:  dst(dst_row + r, j)       = Σ_{t<R} src(src_row + r·R + t, j)
///
/// Shapes: src and dst are any batches with the same number of columns (their matrix views);
/// the row ranges must lie inside them. Twins: rows_cpu.cpp, rows_cuda.cu. Test:
/// tests/nn/test_conv_transpose.cpp.
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void repeat_rows(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat, Tensor& dst,
                 int64_t dst_row);
void sum_row_groups(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat,
                    Tensor& dst, int64_t dst_row);
}  // namespace cpu
namespace cuda {
void repeat_rows(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat, Tensor& dst,
                 int64_t dst_row);
void sum_row_groups(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat,
                    Tensor& dst, int64_t dst_row);
}  // namespace cuda

namespace detail {
inline void check_row_blocks(const char* op, const Tensor& src, int64_t src_row,
                             int64_t src_rows, const Tensor& dst, int64_t dst_row,
                             int64_t dst_rows) {
    check_same_device(op, {&src, &dst});
    check_same_dtype(op, {&src, &dst});
    check_float_dtype(op, src);
    DL_CHECK(src.cols() == dst.cols(), op, ": src and dst must have the same number of columns "
             "(samples), got ", src.shape().str(), " and ", dst.shape().str());
    DL_CHECK(src_row >= 0 && src_row + src_rows <= src.rows(), op, ": rows [", src_row, ", ",
             src_row + src_rows, ") of src are outside its ", src.rows(), " rows");
    DL_CHECK(dst_row >= 0 && dst_row + dst_rows <= dst.rows(), op, ": rows [", dst_row, ", ",
             dst_row + dst_rows, ") of dst are outside its ", dst.rows(), " rows");
    DL_CHECK(src.raw() != dst.raw() || src.numel() == 0, op, ": src and dst must not overlap");
}
}  // namespace detail

/// dst(dst_row + r·R + t, j) = src(src_row + r, j) for r < rows, t < R = repeat, every column j.
inline void repeat_rows(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat,
                        Tensor& dst, int64_t dst_row) {
    DL_CHECK(rows >= 0 && repeat >= 1, "repeat_rows: expected rows >= 0 and repeat >= 1, got ",
             rows, " and ", repeat);
    detail::check_row_blocks("repeat_rows", src, src_row, rows, dst, dst_row, rows * repeat);
    DL_DISPATCH(src.device(), repeat_rows, src, src_row, rows, repeat, dst, dst_row);
}

/// dst(dst_row + r, j) = Σ_{t<R} src(src_row + r·R + t, j) for r < rows, R = repeat: the
/// gradient of repeat_rows.
inline void sum_row_groups(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat,
                           Tensor& dst, int64_t dst_row) {
    DL_CHECK(rows >= 0 && repeat >= 1, "sum_row_groups: expected rows >= 0 and repeat >= 1, "
             "got ", rows, " and ", repeat);
    detail::check_row_blocks("sum_row_groups", src, src_row, rows * repeat, dst, dst_row, rows);
    DL_DISPATCH(src.device(), sum_row_groups, src, src_row, rows, repeat, dst, dst_row);
}

}  // namespace dl
