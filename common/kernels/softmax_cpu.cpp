/// @file softmax_cpu.cpp
/// @brief CPU twin of dl::softmax / softmax_cross_entropy (contract in softmax.hpp).
#include <cmath>

#include "../core/eigen_view.hpp"
#include "softmax.hpp"

namespace dl::cpu {

namespace {
template <class T>
void softmax_t(const Tensor& Z, Tensor& A) {
    auto z = mat<T>(Z);
    auto a = mat<T>(A);
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
        const T mx = z.col(j).maxCoeff();
        a.col(j) = (z.col(j).array() - mx).exp();  // every exponent <= 0: no overflow
        a.col(j) /= a.col(j).sum();
    }
}

template <class T>
void softmax_xent_t(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) {
    auto z = mat<T>(Z);
    auto y = mat<T>(Y);
    auto a = mat<T>(A);
    auto l = mat<T>(L);
    auto dz = mat<T>(dZ);
    const Eigen::Index K = z.rows();
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
        T mx = z(0, j);
        for (Eigen::Index k = 1; k < K; ++k) mx = std::max(mx, z(k, j));
        T s = 0;
        for (Eigen::Index k = 0; k < K; ++k) s += std::exp(z(k, j) - mx);
        const T log_s = std::log(s);
        // L = −Σ_k y_k·log a_k with log a_k = (z_k − max) − log Σ e^{z − max}.
        T loss = 0;
        for (Eigen::Index k = 0; k < K; ++k) {
            const T log_a = (z(k, j) - mx) - log_s;
            if (y(k, j) != T(0)) loss -= y(k, j) * log_a;
            const T ak = std::exp(log_a);
            a(k, j) = ak;
            dz(k, j) = ak - y(k, j);  // dZ may alias Z: z(k, j) is not read again
        }
        l(0, j) = loss;
    }
}
}  // namespace

void softmax(const Tensor& Z, Tensor& A) {
    if (Z.dtype() == DType::F64)
        softmax_t<double>(Z, A);
    else
        softmax_t<float>(Z, A);
}

void softmax_cross_entropy(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) {
    if (Z.dtype() == DType::F64)
        softmax_xent_t<double>(Z, Y, A, L, dZ);
    else
        softmax_xent_t<float>(Z, Y, A, L, dZ);
}

}  // namespace dl::cpu
