/// @file flatten.hpp
/// @brief dl::nn::Flatten: a batch of images [W x H x C x m] as the (C·H·W) x m matrix a dense
/// layer reads.
///
/// Images are stored CHW inside each column already, so flattening moves no number: the output
/// holds the input's elements in the same order, only the shape says "vectors" now. (Dense
/// accepts image batches directly; Flatten makes a model's summary read like the papers:
/// "16×5×5 → 400".)
#pragma once

#include "layer.hpp"

namespace dl::nn {

class Flatten : public Layer {
public:
    const char* kind() const override { return "Flatten"; }
    Shape out_shape(const Shape& in) const override {
        return Shape::matrix(in.rows(), in.cols());
    }
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;
};

}  // namespace dl::nn
