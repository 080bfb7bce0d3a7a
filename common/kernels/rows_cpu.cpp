/// @file rows_cpu.cpp
/// @brief CPU twin of dl::repeat_rows and dl::sum_row_groups (contract in rows.hpp).
#include <algorithm>

#include "rows.hpp"

namespace dl::cpu {

namespace {

template <class T>
void repeat_t(const T* src, int64_t ns, int64_t src_row, int64_t rows, int64_t R, T* dst,
              int64_t nd, int64_t dst_row, int64_t m) {
#pragma omp parallel for schedule(static) if (m * rows * R >= (1 << 16))
    for (int64_t j = 0; j < m; ++j) {
        const T* s = src + j * ns + src_row;
        T* d = dst + j * nd + dst_row;
        if (R == 1)
            std::copy(s, s + rows, d);
        else
            for (int64_t r = 0; r < rows; ++r) std::fill(d + r * R, d + (r + 1) * R, s[r]);
    }
}

template <class T>
void sum_t(const T* src, int64_t ns, int64_t src_row, int64_t rows, int64_t R, T* dst,
           int64_t nd, int64_t dst_row, int64_t m) {
#pragma omp parallel for schedule(static) if (m * rows * R >= (1 << 16))
    for (int64_t j = 0; j < m; ++j) {
        const T* s = src + j * ns + src_row;
        T* d = dst + j * nd + dst_row;
        if (R == 1) {
            std::copy(s, s + rows, d);
            continue;
        }
        for (int64_t r = 0; r < rows; ++r) {
            T acc = 0;
            for (int64_t t = 0; t < R; ++t) acc += s[r * R + t];
            d[r] = acc;
        }
    }
}

}  // namespace

void repeat_rows(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat, Tensor& dst,
                 int64_t dst_row) {
    if (src.dtype() == DType::F64)
        repeat_t(src.data<double>(), src.rows(), src_row, rows, repeat, dst.data<double>(),
                 dst.rows(), dst_row, src.cols());
    else
        repeat_t(src.data<float>(), src.rows(), src_row, rows, repeat, dst.data<float>(),
                 dst.rows(), dst_row, src.cols());
}

void sum_row_groups(const Tensor& src, int64_t src_row, int64_t rows, int64_t repeat,
                    Tensor& dst, int64_t dst_row) {
    if (src.dtype() == DType::F64)
        sum_t(src.data<double>(), src.rows(), src_row, rows, repeat, dst.data<double>(),
              dst.rows(), dst_row, src.cols());
    else
        sum_t(src.data<float>(), src.rows(), src_row, rows, repeat, dst.data<float>(),
              dst.rows(), dst_row, src.cols());
}

}  // namespace dl::cpu
