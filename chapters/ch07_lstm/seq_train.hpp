/// @file seq_train.hpp
/// @brief Chapter 7: one training step of a sequence model, and the settings every section
/// shares.
///
/// The framework's nn::Trainer shuffles columns as if each were a sample; a batch of sequences
/// is T·B columns that belong together (recurrent.hpp), and the adding problem draws fresh
/// sequences at every step, so the chapter runs its own loop around this step:
///
///     every dW ← 0;  Z ← model(X);  L, dZ ← loss(Z, Y);  every dW += ∂J/∂W  (BPTT);
///     ‖g‖ ← global gradient norm, clipped to `clip` (梯度裁剪);  update every parameter
#pragma once

#include <string>
#include <vector>

#include "core/device.hpp"
#include "nn/loss.hpp"
#include "nn/model.hpp"
#include "nn/optimizer.hpp"
#include "nn/recurrent.hpp"
#include "nn/sequence_loss.hpp"

namespace ch07 {

/// What every section needs from the command line.
struct Settings {
    uint64_t seed = 1;
    bool quick = false;
    dl::Device device = dl::Device::CPU;
    std::string out;           ///< the figures' folder
    bool progress = false;     ///< progress bars on stderr
};

/// What one step did: the cost J of the batch and the global gradient norm before clipping.
struct StepStats {
    double loss = 0;
    double grad_norm = 0;
};

/// One step with a loss on targets of the output's shape (MSE, softmax cross-entropy with one-hot
/// Y). clip ≤ 0 means no clipping (the norm is still measured). `scratch` is a 1 x 1 tensor on
/// the model's device. Throws dl::Error naming the step when the loss is not finite, unless
/// `allow_divergence` (then the NaN is returned).
StepStats train_step(dl::nn::Model& model, dl::nn::Loss& loss, dl::nn::Optimizer& opt,
                     const dl::Tensor& X, const dl::Tensor& Y, double clip, dl::Tensor& scratch,
                     bool allow_divergence = false);
/// The same for a language model: Y holds one target id per column.
StepStats train_step(dl::nn::Model& model, dl::nn::SequenceCrossEntropy& loss,
                     dl::nn::Optimizer& opt, const dl::Tensor& X, const dl::Tensor& ids,
                     double clip, dl::Tensor& scratch);

/// Every recurrent layer of a model (to reset, carry or re-step their state).
std::vector<dl::nn::Recurrent*> recurrent_layers(dl::nn::Model& model);

}  // namespace ch07
