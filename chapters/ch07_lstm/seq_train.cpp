/// @file seq_train.cpp
/// @brief The training step of chapter 7's sequence models (see seq_train.hpp).
#include "seq_train.hpp"

#include <cmath>
#include <limits>

#include "nn/recurrent.hpp"

namespace ch07 {

using namespace dl;

namespace {
[[noreturn]] void diverged(const nn::Optimizer& opt, double loss) {
    fail("the training loss became ", std::isnan(loss) ? "NaN" : "infinite", " at step ",
         opt.steps(), ": the learning rate (", opt.lr(), ") is probably too large; try a "
         "smaller --lr");
}

/// The global norm, clipped when clip > 0 (a limit of the largest double only measures it).
double clip_or_measure(nn::Model& model, double clip, Tensor& scratch) {
    return nn::clip_grad_norm(model.params(), clip > 0 ? clip : std::numeric_limits<double>::max(),
                              scratch);
}
}  // namespace

//! [train_step]
StepStats train_step(nn::Model& model, nn::Loss& loss, nn::Optimizer& opt, const Tensor& X,
                     const Tensor& Y, double clip, Tensor& scratch, bool allow_divergence) {
    model.zero_grad();                                  // every dW ← 0
    loss.forward(model.forward(X, {true}), Y);          // Z = model(X); L, dZ = ∂J/∂Z
    model.backward(loss.dZ());                          // every dW += ∂J/∂W, through time
    StepStats s;
    s.grad_norm = clip_or_measure(model, clip, scratch);  // ‖g‖, scaled down to clip if above
    s.loss = loss.cost();
    if (!std::isfinite(s.loss) || !std::isfinite(s.grad_norm)) {
        if (!allow_divergence) diverged(opt, s.loss);
        return s;
    }
    opt.step();                                         // W ← W − α·(…)
    return s;
}
//! [train_step]

StepStats train_step(nn::Model& model, nn::SequenceCrossEntropy& loss, nn::Optimizer& opt,
                     const Tensor& X, const Tensor& ids, double clip, Tensor& scratch) {
    model.zero_grad();
    loss.forward(model.forward(X, {true}), ids);
    model.backward(loss.dZ());
    StepStats s;
    s.grad_norm = clip_or_measure(model, clip, scratch);
    s.loss = loss.cost();
    if (!std::isfinite(s.loss) || !std::isfinite(s.grad_norm)) diverged(opt, s.loss);
    opt.step();
    return s;
}

std::vector<nn::Recurrent*> recurrent_layers(nn::Model& model) {
    std::vector<nn::Recurrent*> out;
    for (nn::Layer* l : model.layers())
        if (auto* r = dynamic_cast<nn::Recurrent*>(l)) out.push_back(r);
    return out;
}

}  // namespace ch07
