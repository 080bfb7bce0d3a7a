/// @file reduce.hpp
/// @brief Row and column sums and means of a matrix.
///
/// | kernel    | result                      | numpy                          | shape  |
/// |-----------|-----------------------------|--------------------------------|--------|
/// | row_sums  | out(i) = Σ_j X(i, j)        | X.sum(axis=1, keepdims=True)   | n x 1  |
/// | row_means | out(i) = (1/m) Σ_j X(i, j)  | X.mean(axis=1, keepdims=True)  | n x 1  |
/// | col_sums  | out(j) = Σ_i X(i, j)        | X.sum(axis=0, keepdims=True)   | 1 x m  |
/// | col_means | out(j) = (1/n) Σ_i X(i, j)  | X.mean(axis=0, keepdims=True)  | 1 x m  |
///
/// row_means over the samples gives the bias gradient db = (1/m) Σ_j dZ(:, j); col_sums gives
/// the lecture's calorie totals per food. Twins: reduce_cpu.cpp, reduce_cuda.cu.
/// Test: tests/kernels/test_reduce.cpp.
///
/// Shapes: X is n x m (its matrix view for higher ranks); out as in the table.
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void row_sums(const Tensor& X, Tensor& out, double scale);
void col_sums(const Tensor& X, Tensor& out, double scale);
void row_sums_half(const Tensor& X, Tensor& out, double scale);  ///< float32 sums (half_ops_cpu.cpp)
}  // namespace cpu
namespace cuda {
void row_sums(const Tensor& X, Tensor& out, double scale);
void col_sums(const Tensor& X, Tensor& out, double scale);
void row_sums_half(const Tensor& X, Tensor& out, double scale);  ///< float32 sums (half_ops_cuda.cu)
}  // namespace cuda

namespace detail {
inline void check_reduce(const char* op, const Tensor& X, const Tensor& out, const Shape& want) {
    check_same_device(op, {&X, &out});
    check_same_dtype(op, {&X, &out});
    check_float_dtype(op, X);
    DL_CHECK(out.rows() == want.rows() && out.cols() == want.cols(), op, ": out must be ",
             want.str(), " for X ", X.shape().str(), ", got ", out.shape().str());
}
}  // namespace detail

/// out (n x 1) = scale · Σ_j X(:, j). Scale 1 gives sums, 1/m gives means. In float16 or
/// bfloat16 (mixed precision) the sum is kept in float32 and only out is rounded.
inline void row_sums(const Tensor& X, Tensor& out, double scale = 1.0) {
    if (is_half(X.dtype()) && X.dtype() == out.dtype() && X.device() == out.device()) {
        DL_CHECK(out.rows() == X.rows() && out.cols() == 1, "row_sums: out must be [", X.rows(),
                 " x 1] for X ", X.shape().str(), ", got ", out.shape().str());
        return DL_DISPATCH(X.device(), row_sums_half, X, out, scale);
    }
    detail::check_reduce("row_sums", X, out, Shape::column(X.rows()));
    DL_DISPATCH(X.device(), row_sums, X, out, scale);
}
/// out (n x 1) = (1/m) Σ_j X(:, j).
inline void row_means(const Tensor& X, Tensor& out) {
    row_sums(X, out, X.cols() ? 1.0 / static_cast<double>(X.cols()) : 0.0);
}
/// out (1 x m) = scale · Σ_i X(i, :).
inline void col_sums(const Tensor& X, Tensor& out, double scale = 1.0) {
    detail::check_reduce("col_sums", X, out, Shape::row(X.cols()));
    DL_DISPATCH(X.device(), col_sums, X, out, scale);
}
/// out (1 x m) = (1/n) Σ_i X(i, :).
inline void col_means(const Tensor& X, Tensor& out) {
    col_sums(X, out, X.rows() ? 1.0 / static_cast<double>(X.rows()) : 0.0);
}

}  // namespace dl
