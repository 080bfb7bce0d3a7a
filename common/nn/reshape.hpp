/// @file reshape.hpp
/// @brief dl::nn::Reshape: the same numbers of each sample under another shape — a dense
/// layer's output [n x m] seen as images [W x H x C x m] (n = C·H·W), as a generator needs
/// before its first transposed convolution.
///
/// Samples are columns and images are CHW inside a column, so no number moves: the output
/// holds the input's elements in the same order (Flatten is the same layer the other way).
#pragma once

#include "layer.hpp"

namespace dl::nn {

class Reshape : public Layer {
public:
    /// `sample`: the shape of one output sample, its last dimension 1 (Shape::images(1, C, H,
    /// W) for C×H×W images).
    explicit Reshape(const Shape& sample);

    const char* kind() const override { return "Reshape"; }
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

private:
    Shape sample_;
};

}  // namespace dl::nn
