/// @file sequence_loss.hpp
/// @brief dl::nn::SequenceCrossEntropy: the loss of a language model, in nats per symbol.
///
/// The model's logits Z are K x N for N = T·B positions (time-major, as the recurrent layers
/// write them) and each position's target is a symbol id (a 1 x N row, like the inputs of
/// nn::Embedding). For position j with target y_j,
///
///     L(j) = −log softmax(Z(:, j))_{y_j}                  (nats; kernels/sequence_xent.hpp)
///     J    = (1/N)·Σ_j L(j)                               the mean over every step of every sequence
///     dZ   = (softmax(Z) − onehot(y))/N                   ∂J/∂Z, handed to the model's backward
///
/// J is the cross-entropy of the model's predictions in nats per character; e^J is the
/// perplexity (困惑度), the number of equally likely characters the model is, on average, as
/// unsure as. A model that ignores the context can do no better than the entropy of the
/// unigram (single-character) distribution; how far below it a model gets is what it learned
/// from the context.
///
/// The targets are ids, not one-hot columns (nn::SoftmaxCrossEntropy's form): for thousands of
/// characters the one-hot matrix would be the biggest tensor of the step. Every buffer is
/// allocated once by reserve().
#pragma once

#include "layer.hpp"

namespace dl::nn {

class SequenceCrossEntropy {
public:
    /// Allocates L, dZ and a scratch for logits of up to K x max_positions.
    void reserve(int64_t K, int64_t max_positions, const Context& ctx);
    /// L, dZ for the logits Z (K x N) against the ids (1 x N).
    void forward(const Tensor& Z, const Tensor& ids);

    /// The results of the last forward(), at its N.
    const Tensor& L() const { return L_view_; }
    const Tensor& dZ() const { return dZ_view_; }
    /// J = (1/N)·Σ_j L(j), nats per symbol (one number read from the device).
    double cost() const;

private:
    Tensor L_, dZ_, sum_, L_view_, dZ_view_;
};

}  // namespace dl::nn
