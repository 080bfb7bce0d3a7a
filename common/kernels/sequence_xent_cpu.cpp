/// @file sequence_xent_cpu.cpp
/// @brief CPU twin of dl::softmax_cross_entropy_ids (contract in sequence_xent.hpp).
#include <Eigen/Core>
#include <cmath>

#include "sequence_xent.hpp"

namespace dl::cpu {

namespace {

/// K·N at and above which the columns are shared between threads.
constexpr int64_t kParallel = 65536;

template <class T>
void xent_t(const Tensor& Z, const Tensor& ids, Tensor& L, Tensor& dZ) {
    using Arr = Eigen::Array<T, Eigen::Dynamic, 1>;
    const int64_t K = Z.rows(), N = Z.cols();
    const T* z = Z.data<T>();
    const T* id = ids.data<T>();
    T* l = L.data<T>();
    T* dz = dZ.data<T>();
    // The ids first, on one thread, so that a bad one is reported before anything is written.
    for (int64_t j = 0; j < N; ++j) {
        const T v = id[j];
        DL_CHECK(v >= T(0) && v < static_cast<T>(K) && std::floor(v) == v,
                 "softmax_cross_entropy_ids: the id in column ", j, " is ", v,
                 ", expected a whole number in [0, ", K, ")");
    }
#pragma omp parallel for if (K * N >= kParallel) schedule(static)
    for (int64_t j = 0; j < N; ++j) {
        const Eigen::Map<const Arr> zj(z + j * K, K);
        Eigen::Map<Arr> dzj(dz + j * K, K);
        const int64_t y = static_cast<int64_t>(id[j]);
        const T mx = zj.maxCoeff();
        const T zy = zj(y);                   // read before dZ (which may be Z) is written
        dzj = (zj - mx).exp();                // every exponent ≤ 0: no overflow
        const T s = dzj.sum();
        l[j] = std::log(s) + mx - zy;         // log Σ e^{z} − z_y
        dzj *= T(1) / s;                      // softmax
        dzj(y) -= T(1);                       // − e_y
    }
}

}  // namespace

void softmax_cross_entropy_ids(const Tensor& Z, const Tensor& ids, Tensor& L, Tensor& dZ) {
    if (Z.dtype() == DType::F64)
        xent_t<double>(Z, ids, L, dZ);
    else
        xent_t<float>(Z, ids, L, dZ);
}

}  // namespace dl::cpu
