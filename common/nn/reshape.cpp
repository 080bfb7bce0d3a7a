/// @file reshape.cpp
/// @brief Reshape (see reshape.hpp): a copy under another shape, both ways.
#include "reshape.hpp"

#include "../kernels/axpby.hpp"

namespace dl::nn {

Reshape::Reshape(const Shape& sample) : sample_(sample) {
    DL_CHECK(sample.rank() >= 2 && sample.cols() == 1 && sample.numel() >= 1,
             "Reshape: give the shape of one sample (last dimension 1), got ", sample.str());
}

std::string Reshape::describe() const { return cat("Reshape → ", sample_str(sample_)); }

Shape Reshape::out_shape(const Shape& in) const {
    DL_CHECK(in.rows() == sample_.numel(), "Reshape '", name(), "': a sample of ", in.rows(),
             " numbers cannot be seen as ", sample_str(sample_), " (", sample_.numel(), ")");
    return sample_.with_cols(in.cols());
}

void Reshape::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    axpby(1.0, x, 0.0, y);  // y = x: the same element order
}

void Reshape::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)x;
    (void)y;
    if (dx) axpby(1.0, dy, 0.0, *dx);
}

}  // namespace dl::nn
