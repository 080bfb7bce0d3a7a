/// @file train.hpp
/// @brief Mini-batch training of an Mlp on an image data set, and its evaluation.
///
/// One epoch (一个 epoch: one pass over the training set):
///
///     shuffle the sample order
///     for each mini-batch of m samples (the last one may be smaller):
///         X, Y ← the batch's images (bytes → float32 in [0, 1]) and one-hot labels
///         forward, loss, backward          (net.forward_backward)
///         update every parameter           (optimizer.step)
///         add the batch's loss and correct count to the epoch's totals (on the device)
///
/// Every buffer is allocated once, by the constructor; a step allocates nothing. On the GPU
/// the whole loop stays on the device: the host only reads the three running totals a few
/// times per epoch. A loss that becomes NaN or infinite stops the epoch with a dl::Error
/// naming the epoch, the step and the likely cause (the learning rate).
#pragma once

#include <vector>

#include "../core/rng.hpp"
#include "../data/image_dataset.hpp"
#include "mlp.hpp"
#include "optimizer.hpp"

namespace dl::nn {

struct EpochResult {
    double loss = 0;      ///< mean training loss over the epoch (as the weights moved)
    double accuracy = 0;  ///< share of training samples classified right during the epoch
    double seconds = 0;   ///< wall time of the epoch's steps
    int64_t steps = 0;
};

struct EvalResult {
    double loss = 0;
    double accuracy = 0;
    std::vector<int32_t> predictions;  ///< argmax of A[L] per sample (when asked for)
};

class ImageTrainer {
public:
    /// `data` and `net` on one device; buffers for mini-batches of `batch` samples.
    ImageTrainer(Mlp& net, Optimizer& opt, const DeviceImages& data, int64_t batch);

    /// One epoch (numbered `epoch` of `epochs`, for messages); progress bar when `progress`.
    EpochResult train_epoch(Rng& rng, int epoch, int epochs, bool progress);

    /// Loss and accuracy of `net` on `data` (any size), in batches; predictions if asked.
    EvalResult evaluate(const DeviceImages& data, bool keep_predictions);

private:
    Mlp& net_;
    Optimizer& opt_;
    const DeviceImages& data_;
    int64_t batch_;
    Tensor X_, Y_, acc_;
    DeviceArray<int32_t> order_;
    std::vector<int32_t> host_order_;
};

}  // namespace dl::nn
