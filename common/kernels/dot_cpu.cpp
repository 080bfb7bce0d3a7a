/// @file dot_cpu.cpp
/// @brief CPU twin of dl::dot / sum_all (contract in dot.hpp): Eigen's vectorized reductions.
#include "../core/eigen_view.hpp"
#include "dot.hpp"

namespace dl::cpu {

namespace {
template <class T>
Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>> flat(const Tensor& t) {
    return {t.data<T>(), static_cast<Eigen::Index>(t.numel())};
}
}  // namespace

void dot(const Tensor& a, const Tensor& b, Tensor& out) {
    if (a.dtype() == DType::F64)
        out.data<double>()[0] = a.empty() ? 0.0 : flat<double>(a).dot(flat<double>(b));
    else
        out.data<float>()[0] = a.empty() ? 0.0f : flat<float>(a).dot(flat<float>(b));
}

void sum_all(const Tensor& X, Tensor& out) {
    if (X.dtype() == DType::F64)
        out.data<double>()[0] = X.empty() ? 0.0 : flat<double>(X).sum();
    else
        out.data<float>()[0] = X.empty() ? 0.0f : flat<float>(X).sum();
}

}  // namespace dl::cpu
