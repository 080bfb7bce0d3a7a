/// @file reduce_cpu.cpp
/// @brief CPU twin of dl::row_sums / col_sums (contract in reduce.hpp).
#include "../core/eigen_view.hpp"
#include "reduce.hpp"

namespace dl::cpu {

namespace {
template <class T>
void row_sums_t(const Tensor& X, Tensor& out, T scale) {
    auto o = mat<T>(out);
    if (X.cols() == 0) {
        o.setZero();
        return;
    }
    o.col(0) = scale * mat<T>(X).rowwise().sum();
}
template <class T>
void col_sums_t(const Tensor& X, Tensor& out, T scale) {
    auto o = mat<T>(out);
    if (X.rows() == 0) {
        o.setZero();
        return;
    }
    o.row(0) = scale * mat<T>(X).colwise().sum();
}
}  // namespace

void row_sums(const Tensor& X, Tensor& out, double scale) {
    if (X.dtype() == DType::F64)
        row_sums_t<double>(X, out, scale);
    else
        row_sums_t<float>(X, out, scale);
}

void col_sums(const Tensor& X, Tensor& out, double scale) {
    if (X.dtype() == DType::F64)
        col_sums_t<double>(X, out, scale);
    else
        col_sums_t<float>(X, out, scale);
}

}  // namespace dl::cpu
