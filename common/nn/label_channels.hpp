/// @file label_channels.hpp
/// @brief dl::nn::LabelChannels: a conditional discriminator's input — an image and its
/// one-hot label in one column — turned into the image's channels followed by one constant
/// channel per class.
///
/// A conditional GAN (条件生成对抗网络, Mirza & Osindero 2014) feeds the label y to both
/// networks. The discriminator's input column is [x; y]: the C·H·W pixels of an image, then K
/// one-hot numbers. A convolution needs the label where the pixels are, so this layer spreads
/// each y_k over a whole H×W map (the conditional DCGAN's input):
///
///     input   [(C·H·W + K) x m]
///     output  [W x H x (C + K) x m]:  channels 0 … C−1 the image,  channel C + k ≡ y_k
///
///     forward:   y = [x_image; y_1·1; …; y_K·1]              (repeat_rows: R = 1, then R = H·W)
///     backward:  dx_image = dy(image channels),  dx_label k = Σ over its map of dy   (sum_row_groups)
///
/// No parameters. The first convolution after it then learns, per class, a map it adds
/// wherever its filters see that class's channel: a label-dependent bias of every feature.
#pragma once

#include "layer.hpp"

namespace dl::nn {

class LabelChannels : public Layer {
public:
    /// Images of C×H×W, labels of K classes.
    LabelChannels(int64_t C, int64_t H, int64_t W, int64_t classes);

    const char* kind() const override { return "LabelChannels"; }
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

private:
    int64_t C_, H_, W_, K_;
};

}  // namespace dl::nn
