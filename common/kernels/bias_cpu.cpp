/// @file bias_cpu.cpp
/// @brief CPU twin of dl::add_bias (contract in bias.hpp).
#include "../core/eigen_view.hpp"
#include "bias.hpp"

namespace dl::cpu {

namespace {
template <class T>
void add_bias_t(Tensor& Z, const Tensor& b) {
    auto z = mat<T>(Z);
    z.colwise() += mat<T>(b).col(0);  // Eigen's broadcast: the column b added to each column
}
}  // namespace

void add_bias(Tensor& Z, const Tensor& b) {
    if (Z.dtype() == DType::F64)
        add_bias_t<double>(Z, b);
    else
        add_bias_t<float>(Z, b);
}

}  // namespace dl::cpu
