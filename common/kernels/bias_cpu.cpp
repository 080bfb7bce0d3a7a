/// @file bias_cpu.cpp
/// @brief CPU twin of dl::add_bias (contract in bias.hpp).
#include "../core/eigen_view.hpp"
#include "bias.hpp"
#include "vector_math_cpu.hpp"

namespace dl::cpu {

namespace {
template <class T>
void add_bias_t(Tensor& Z, const Tensor& b) {
    auto z = mat<T>(Z);
    const auto bc = mat<T>(b).col(0);
    // Eigen's broadcast: the column b added to each column (large Z: the columns split over the
    // threads).
    vec::parallel_ranges(z.cols(), std::max<int64_t>(1, vec::kStreamGrain / std::max<int64_t>(
                                                            1, z.rows())),
                         [&](int64_t j0, int64_t j1) {
                             z.middleCols(j0, j1 - j0).colwise() += bc;
                         });
}
}  // namespace

void add_bias(Tensor& Z, const Tensor& b) {
    if (Z.dtype() == DType::F64)
        add_bias_t<double>(Z, b);
    else
        add_bias_t<float>(Z, b);
}

}  // namespace dl::cpu
