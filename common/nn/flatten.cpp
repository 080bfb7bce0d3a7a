/// @file flatten.cpp
/// @brief Flatten (see flatten.hpp): a copy under another shape, both ways.
#include "flatten.hpp"

#include "../kernels/axpby.hpp"

namespace dl::nn {

void Flatten::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    axpby(1.0, x, 0.0, y);  // y = x, same element order
}

void Flatten::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)x;
    (void)y;
    if (dx) axpby(1.0, dy, 0.0, *dx);  // ∂J/∂x = ∂J/∂y, reshaped back
}

}  // namespace dl::nn
