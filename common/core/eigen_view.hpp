/// @file eigen_view.hpp
/// @brief Seeing a CPU dl::Tensor as an Eigen matrix, and back.
///
/// `dl::mat<float>(X)` is an Eigen::Map of X's rows() x cols() column-major memory: no copy,
/// writes go to the tensor. This is how the CPU twin of every kernel reaches Eigen.
#pragma once

#include <Eigen/Dense>

#include "tensor.hpp"

namespace dl {

template <class T>
using MatrixX = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
using Matrix = MatrixX<float>;    ///< n x m, column-major, samples are columns.
using MatrixD = MatrixX<double>;  ///< The same in double precision (gradient checks).

template <class T>
using MatMap = Eigen::Map<MatrixX<T>, Eigen::Unaligned>;

/// The rows() x cols() matrix view of a CPU tensor of element type T.
template <class T>
MatMap<T> mat(const Tensor& t) {
    DL_CHECK(t.is_cpu(), "an Eigen view needs a CPU tensor, got ", describe(t));
    return MatMap<T>(t.data<T>(), t.rows(), t.cols());
}

/// A new CPU tensor holding a copy of an Eigen matrix (shape rows x cols).
template <class Derived>
Tensor from_eigen(const Eigen::MatrixBase<Derived>& m) {
    using T = typename Derived::Scalar;
    Tensor t(Shape::matrix(m.rows(), m.cols()), dtype_of<T>(), Device::CPU);
    mat<T>(t) = m;
    return t;
}

/// A copy of a tensor (any device, float32 or float64) as an Eigen matrix of T.
template <class T>
MatrixX<T> to_eigen(const Tensor& t) {
    Tensor host = t.is_cpu() ? t : t.to(Device::CPU);
    if (host.dtype() == DType::F32) return mat<float>(host).template cast<T>();
    if (host.dtype() == DType::F64) return mat<double>(host).template cast<T>();
    fail("to_eigen: expected a float32 or float64 tensor, got ", describe(t));
}

}  // namespace dl
