/// @file reduce_cpu.cpp
/// @brief CPU twin of dl::row_sums / col_sums (contract in reduce.hpp).
///
/// Memory is column-major, so a row sum Σ_j X(i, j) is a sum of whole columns: out += X(:, j),
/// column after column, each a contiguous vector add (reading X once, in order). Columns are
/// added in blocks of 64 into a partial sum first, so each out(i) is a sum of sums (rounding
/// error ~ (64 + m/64)·ε instead of m·ε). Large matrices split their *rows* over the threads:
/// each out(i) is then summed in the same order whatever the number of threads.
/// Column sums are Eigen's vectorized colwise().sum(), the columns split over the threads.
#include <algorithm>

#include "../core/eigen_view.hpp"
#include "reduce.hpp"
#include "vector_math_cpu.hpp"

namespace dl::cpu {

namespace {
/// out[i] = scale · Σ_j x[j·ld + i] for i in [0, n), j in [0, m). Rows are taken 512 at a
/// time so that the partial sums live on the stack: a kernel that every training step calls
/// allocates nothing.
template <class T>
void row_sums_range(const T* x, int64_t ld, int64_t n, int64_t m, T scale, T* out) {
    constexpr int64_t kBlock = 64, kRows = 512;
    T acc[kRows], part[kRows];
    for (int64_t r0 = 0; r0 < n; r0 += kRows) {
        const int64_t nr = std::min(kRows, n - r0);
        std::fill(acc, acc + nr, T(0));
        for (int64_t j0 = 0; j0 < m; j0 += kBlock) {
            const int64_t j1 = std::min(m, j0 + kBlock);
            const T* col = x + j0 * ld + r0;
            for (int64_t i = 0; i < nr; ++i) part[i] = col[i];
            for (int64_t j = j0 + 1; j < j1; ++j) {
                col = x + j * ld + r0;
                for (int64_t i = 0; i < nr; ++i) part[i] += col[i];
            }
            for (int64_t i = 0; i < nr; ++i) acc[i] += part[i];
        }
        for (int64_t i = 0; i < nr; ++i) out[r0 + i] = scale * acc[i];
    }
}
template <class T>
void row_sums_t(const Tensor& X, Tensor& out, T scale) {
    const int64_t n = X.rows(), m = X.cols();
    T* o = out.data<T>();
    if (m == 0) {
        std::fill(o, o + n, T(0));
        return;
    }
    const T* x = X.data<T>();
    // Rows split over the threads (each at least 256 rows and 256 Ki elements).
    const int64_t grain = n >= 512 ? std::max<int64_t>(256, vec::kStreamGrain / m) : n + 1;
    vec::parallel_ranges(n, grain, [&](int64_t i0, int64_t i1) {
        row_sums_range(x + i0, n, i1 - i0, m, scale, o + i0);
    });
}

template <class T>
void col_sums_t(const Tensor& X, Tensor& out, T scale) {
    auto o = mat<T>(out);
    const int64_t n = X.rows(), m = X.cols();
    if (n == 0) {
        o.setZero();
        return;
    }
    auto x = mat<T>(X);
    vec::parallel_ranges(m, std::max<int64_t>(1, vec::kStreamGrain / n), [&](int64_t j0,
                                                                             int64_t j1) {
        o.middleCols(j0, j1 - j0) = scale * x.middleCols(j0, j1 - j0).colwise().sum();
    });
}
}  // namespace

void row_sums(const Tensor& X, Tensor& out, double scale) {
    if (X.dtype() == DType::F64)
        row_sums_t<double>(X, out, scale);
    else
        row_sums_t<float>(X, out, static_cast<float>(scale));
}

void col_sums(const Tensor& X, Tensor& out, double scale) {
    if (X.dtype() == DType::F64)
        col_sums_t<double>(X, out, scale);
    else
        col_sums_t<float>(X, out, static_cast<float>(scale));
}

}  // namespace dl::cpu
