/// @file models.hpp
/// @brief The convolutional networks of the course: LeNet-5, AlexNet, VGG-16 and a small
/// ResNet, and the residual block they are built from.
///
/// Each builder returns the network as a Sequential of layers (not yet a Model), so that a
/// chapter can wrap it in a Model for any batch size and device, print its summary without
/// allocating anything (summarize()), or change it before building (transfer learning replaces
/// the last layer). Chapter 6 trains LeNet-5 and the small ResNet, chapter 8 reuses the
/// convolution layers, chapter 9 trains the ResNet in mixed precision.
///
/// The residual block (He et al. 2016, the "basic block" of ResNet-18/34):
///
///     body:      conv 3x3 (stride s) → BN → ReLU → conv 3x3 → BN
///     shortcut:  identity                                  when s = 1 and C_in = C_out
///                conv 1x1 (stride s) → BN                  otherwise (projection shortcut)
///     output:    ReLU(body(x) + shortcut(x))
///
/// The convolutions have no bias (batch norm's β does that job).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "../kernels/activation.hpp"
#include "conv2d.hpp"
#include "pool.hpp"
#include "residual.hpp"
#include "sequential.hpp"

namespace dl::nn {

/// The residual block above as a Residual layer (without the ReLU after the sum).
std::unique_ptr<Residual> residual_block(int64_t in_channels, int64_t out_channels,
                                         int64_t stride = 1, ConvAlgo algo = ConvAlgo::Im2col);

/// Appends a residual block and the ReLU after it to `net`, named `name` ("block1") and
/// `name` + "_relu".
Residual& add_residual_block(Sequential& net, const std::string& name, int64_t in_channels,
                             int64_t out_channels, int64_t stride = 1,
                             ConvAlgo algo = ConvAlgo::Im2col);

/// LeNet-5 (LeCun et al. 1998) for 28x28 grey images, padded by 2 as the original's 32x32:
///
///     conv 5x5 → 6 (p 2) → g → pool 2 → conv 5x5 → 16 → g → pool 2 → flatten (400)
///     → dense 120 → g → dense 84 → g → dense `classes`
///
/// 61,706 parameters for 10 classes. The original used squashing activations and average
/// pooling (subsampling); the course's default is ReLU and max pooling, which train faster.
struct LeNetOptions {
    int classes = 10;
    Activation activation = Activation::ReLU;
    PoolMode pooling = PoolMode::Max;
    ConvAlgo algo = ConvAlgo::Im2col;
};
std::unique_ptr<Sequential> lenet5(const LeNetOptions& o = {});

/// AlexNet (Krizhevsky et al. 2012) for 227x227x3 images, as one tower (no two-GPU groups, no
/// local response normalisation): five convolutions (11x11 s4 → 96, 5x5 → 256, 3x3 → 384,
/// 384, 256) with max pooling 3x3 s2 after the 1st, 2nd and 5th, then dense 4096, 4096,
/// `classes` (dropout is left out: it has no parameters). 62,378,344 parameters for 1000 classes.
std::unique_ptr<Sequential> alexnet(int classes = 1000);

/// VGG-16 (Simonyan & Zisserman 2015, configuration D) for 224x224x3 images: 13 "same" 3x3
/// convolutions in five stages of 64, 128, 256, 512, 512 filters, each stage followed by max
/// pooling 2x2, then dense 4096, 4096, `classes`. 138,357,544 parameters for 1000 classes.
std::unique_ptr<Sequential> vgg16(int classes = 1000);

/// The course's small ResNet for 28x28 grey images: a 3x3 stem of widths[0] filters
/// (conv → BN → ReLU), then one stage per width with `blocks` residual blocks each (the first
/// block of every stage after the first halves the size with stride 2 and a projection
/// shortcut), global average pooling, and a dense layer to `classes`.
struct ResNetOptions {
    std::vector<int64_t> widths = {16, 32, 64};
    int blocks = 2;
    int classes = 10;
    ConvAlgo algo = ConvAlgo::Im2col;
};
std::unique_ptr<Sequential> small_resnet(const ResNetOptions& o = {});

/// One row of a network's summary.
struct LayerRow {
    std::string name, what, output;  ///< "conv1", "Conv2d 5x5 s1 p2 → 6", "6×28×28"
    int64_t params = 0;              ///< trainable parameters of the layer (and its children)
    int64_t macs = 0;                ///< multiply-adds of its convolutions and dense layers, per image
    int depth = 0;                   ///< nesting level (0: the network itself)
};

/// The table of layers of `net` for one input of shape `input` (e.g. Shape::images(1, 3, 224,
/// 224)): names every layer, lets each declare its parameters into a store that is never
/// allocated (VGG-16's 138 M parameters cost nothing), and lists output shapes and counts.
std::vector<LayerRow> summarize(Layer& net, const Shape& input);
/// The rows as text: one line per layer, the total last.
std::string format_summary(const std::vector<LayerRow>& rows, int64_t total);

}  // namespace dl::nn
