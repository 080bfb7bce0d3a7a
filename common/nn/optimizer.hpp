/// @file optimizer.hpp
/// @brief Optimizers (优化器) over a model's flat parameter buffer: gradient descent, momentum,
/// RMSprop, Adam, AdamW and Adagrad.
///
///     auto opt = make_optimizer(OptimizerKind::Adam, model.params(), 0.001);
///     for (…) { model.zero_grad(); …forward, loss, backward…; opt->step(); }
///
/// | optimizer | update of each parameter w with gradient dw (step t)                         |
/// |-----------|------------------------------------------------------------------------------|
/// | sgd       | w ← w − α·dw                                                                 |
/// | momentum  | v ← β·v + (1 − β)·dw;  w ← w − α·v                                           |
/// | rmsprop   | s ← β·s + (1 − β)·dw²;  w ← w − α·dw/(√s + ε)                                 |
/// | adam      | v, s as above (β₁, β₂);  w ← w − α·v̂/(√ŝ + ε),  v̂ = v/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ) |
/// | adamw     | adam, plus decoupled weight decay: w ← w − α·(v̂/(√ŝ + ε) + λ·w)               |
/// | adagrad   | g ← g + dw²;  w ← w − α·dw/(√g + ε)   (lecture 002; added with chapter 5)     |
///
/// The state (v, s) is one flat buffer each, the size of the parameters, allocated once on
/// their device. A step is one kernel per segment of the parameter store (param_store.hpp):
/// two launches for a whole model — the weights, which weight decay applies to, and the rest.
/// Frozen parameters are in no segment, so no optimizer moves them.
///
/// L2 regularisation in the lecture's form adds (λ/2m)·Σ‖W‖² to the cost, hence (λ/m)·W to
/// every weight's gradient: set_l2(λ/m) does that before each update (for plain gradient
/// descent the two are the same thing as weight decay; for Adam they are not: AdamW).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "param_store.hpp"

namespace dl::nn {

enum class OptimizerKind { SGD, Momentum, RMSprop, Adam, AdamW, Adagrad };

/// "sgd", "momentum", "rmsprop", "adam", "adamw", "adagrad".
const char* optimizer_name(OptimizerKind k);
/// Parses the names above; throws dl::UsageError naming the value.
OptimizerKind parse_optimizer(const std::string& name);

/// The hyperparameters beside the learning rate, with the lecture's defaults.
struct OptimizerSettings {
    double beta1 = 0.9;          ///< momentum's β, Adam's β₁
    double beta2 = 0.999;        ///< Adam's β₂ (RMSprop uses rms_beta)
    double rms_beta = 0.9;       ///< RMSprop's β
    double eps = 1e-8;           ///< ε in the denominators
    double weight_decay = 0.01;  ///< AdamW's λ
};

class Optimizer {
public:
    virtual ~Optimizer() = default;
    virtual const char* name() const = 0;

    /// One update of every trainable parameter from its current gradient (t ← t + 1 first).
    void step();

    /// Updates taken so far (Adam's t).
    int64_t steps() const { return t_; }
    double lr() const { return lr_; }
    void set_lr(double lr);
    /// The coupled L2 term: before each update, dW += coeff·W for every decayed parameter
    /// (coeff = λ/m for the lecture's (λ/2m)·Σ‖W‖²). 0 turns it off.
    void set_l2(double coeff);
    double l2() const { return l2_; }

    /// The state tensors (flat, the size of the parameter buffer), named, for checkpoints.
    std::vector<std::pair<std::string, Tensor*>> state();
    /// Restores the step count (checkpoints).
    void set_steps(int64_t t) { t_ = t; }

protected:
    Optimizer(ParamStore& params, double lr);
    /// Adds a state buffer of zeros, flat like the parameters.
    Tensor& add_state(const std::string& name);
    /// Updates the parameters [begin, end) of the flat buffers; `s` is their segment.
    virtual void update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) = 0;

    ParamStore& params_;
    double lr_;
    double l2_ = 0.0;
    int64_t t_ = 0;
    std::vector<std::pair<std::string, Tensor>> state_;
};

/// w ← w − α·dw.
class Sgd : public Optimizer {
public:
    Sgd(ParamStore& params, double lr) : Optimizer(params, lr) {}
    const char* name() const override { return "sgd"; }

protected:
    void update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) override;
};

/// v ← β·v + (1 − β)·dw, w ← w − α·v.
class Momentum : public Optimizer {
public:
    Momentum(ParamStore& params, double lr, double beta = 0.9);
    const char* name() const override { return "momentum"; }

protected:
    void update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) override;

private:
    double beta_;
    Tensor& V_;
};

/// s ← β·s + (1 − β)·dw², w ← w − α·dw/(√s + ε).
class RmsProp : public Optimizer {
public:
    RmsProp(ParamStore& params, double lr, double beta = 0.9, double eps = 1e-8);
    const char* name() const override { return "rmsprop"; }

protected:
    void update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) override;

private:
    double beta_, eps_;
    Tensor& S_;
};

/// g ← g + dw², w ← w − α·dw/(√g + ε): every parameter's step divided by the root of the sum of
/// all its squared gradients so far (kernels/adagrad.hpp).
class Adagrad : public Optimizer {
public:
    Adagrad(ParamStore& params, double lr, double eps = 1e-8);
    const char* name() const override { return "adagrad"; }

protected:
    void update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) override;

private:
    double eps_;
    Tensor& G_;
};

/// Adam with bias correction; with weight_decay > 0, AdamW (decay on the weights only).
class Adam : public Optimizer {
public:
    Adam(ParamStore& params, double lr, double beta1 = 0.9, double beta2 = 0.999,
         double eps = 1e-8, double weight_decay = 0.0);
    const char* name() const override { return decay_ > 0 ? "adamw" : "adam"; }

protected:
    void update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) override;

private:
    double beta1_, beta2_, eps_, decay_;
    Tensor& V_;
    Tensor& S_;
};

/// An optimizer of `kind` with learning rate `lr` (> 0).
std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, ParamStore& params, double lr,
                                          const OptimizerSettings& settings = {});

/// Global-norm gradient clipping (梯度裁剪): when ‖g‖ = √(Σ over every trainable gradient
/// element²) exceeds max_norm, every gradient is scaled by max_norm/‖g‖ (the direction is kept,
/// the step bounded). Returns ‖g‖ before clipping. `scratch` is a 1 x 1 tensor on the
/// parameters' device (kept by the caller so that nothing is allocated per step).
double clip_grad_norm(ParamStore& params, double max_norm, Tensor& scratch);

}  // namespace dl::nn
