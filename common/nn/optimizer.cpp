/// @file optimizer.cpp
/// @brief The optimizers over the flat parameter buffer (see optimizer.hpp).
#include "optimizer.hpp"

#include <cmath>

#include "../kernels/adagrad.hpp"
#include "../kernels/adam.hpp"
#include "../kernels/axpby.hpp"
#include "../kernels/dot.hpp"
#include "../kernels/momentum.hpp"
#include "../kernels/rmsprop.hpp"
#include "../kernels/sgd.hpp"

namespace dl::nn {

const char* optimizer_name(OptimizerKind k) {
    switch (k) {
        case OptimizerKind::SGD: return "sgd";
        case OptimizerKind::Momentum: return "momentum";
        case OptimizerKind::RMSprop: return "rmsprop";
        case OptimizerKind::Adam: return "adam";
        case OptimizerKind::AdamW: return "adamw";
        case OptimizerKind::Adagrad: return "adagrad";
    }
    return "?";
}

OptimizerKind parse_optimizer(const std::string& name) {
    for (auto k : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::RMSprop,
                   OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::Adagrad})
        if (name == optimizer_name(k)) return k;
    throw UsageError(cat("unknown optimizer '", name,
                         "': expected sgd, momentum, rmsprop, adam, adamw or adagrad"));
}

Optimizer::Optimizer(ParamStore& params, double lr) : params_(params), lr_(lr) {
    DL_CHECK(params.allocated(), "an optimizer needs a built model (its parameters allocated)");
    set_lr(lr);
    state_.reserve(2);  // references into it are kept: no reallocation after construction
}

void Optimizer::set_lr(double lr) {
    DL_CHECK(std::isfinite(lr) && lr > 0, "learning rate must be a finite number > 0, got ", lr);
    lr_ = lr;
}

void Optimizer::set_l2(double coeff) {
    DL_CHECK(std::isfinite(coeff) && coeff >= 0, "the L2 coefficient must be >= 0, got ", coeff);
    l2_ = coeff;
}

Tensor& Optimizer::add_state(const std::string& name) {
    DL_CHECK(state_.size() < state_.capacity(), "Optimizer: too many state buffers");
    const Tensor& v = params_.values();
    state_.emplace_back(name, Tensor::zeros(v.shape(), v.dtype(), v.device()));
    return state_.back().second;
}

std::vector<std::pair<std::string, Tensor*>> Optimizer::state() {
    std::vector<std::pair<std::string, Tensor*>> out;
    for (auto& [n, t] : state_) out.emplace_back(n, &t);
    return out;
}

//! [optimizer_step]
void Optimizer::step() {
    ++t_;
    Tensor values = params_.values(), grads = params_.grads();
    for (const auto& seg : params_.segments()) {
        Tensor W = values.slice_cols(seg.begin, seg.end);
        Tensor dW = grads.slice_cols(seg.begin, seg.end);
        if (l2_ > 0 && seg.decay) axpby(l2_, W, 1.0, dW);  // dW += (λ/m)·W  (the L2 term)
        update(W, dW, seg);
    }
}
//! [optimizer_step]

void Sgd::update(Tensor& W, const Tensor& dW, const ParamStore::Segment&) {
    sgd_update(W, dW, lr_);  // w ← w − α·dw
}

Momentum::Momentum(ParamStore& params, double lr, double beta)
    : Optimizer(params, lr), beta_(beta), V_(add_state("v")) {
    DL_CHECK(beta >= 0 && beta < 1, "momentum: β must be in [0, 1), got ", beta);
}

void Momentum::update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) {
    Tensor V = V_.slice_cols(s.begin, s.end);
    momentum_update(W, dW, V, lr_, beta_);
}

RmsProp::RmsProp(ParamStore& params, double lr, double beta, double eps)
    : Optimizer(params, lr), beta_(beta), eps_(eps), S_(add_state("s")) {}

void RmsProp::update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) {
    Tensor S = S_.slice_cols(s.begin, s.end);
    rmsprop_update(W, dW, S, lr_, beta_, eps_);
}

Adagrad::Adagrad(ParamStore& params, double lr, double eps)
    : Optimizer(params, lr), eps_(eps), G_(add_state("g")) {
    DL_CHECK(eps >= 0, "adagrad: ε must be >= 0, got ", eps);
}

void Adagrad::update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) {
    Tensor G = G_.slice_cols(s.begin, s.end);
    adagrad_update(W, dW, G, lr_, eps_);  // G ← G + dW², W ← W − α·dW/(√G + ε)
}

Adam::Adam(ParamStore& params, double lr, double beta1, double beta2, double eps,
           double weight_decay)
    : Optimizer(params, lr), beta1_(beta1), beta2_(beta2), eps_(eps), decay_(weight_decay),
      V_(add_state("v")), S_(add_state("s")) {
    DL_CHECK(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
             "adam: β₁ and β₂ must be in [0, 1), got ", beta1, " and ", beta2);
    DL_CHECK(weight_decay >= 0, "adamw: weight decay must be >= 0, got ", weight_decay);
}

void Adam::update(Tensor& W, const Tensor& dW, const ParamStore::Segment& s) {
    AdamParams p;
    p.lr = lr_;
    p.beta1 = beta1_;
    p.beta2 = beta2_;
    p.eps = eps_;
    p.weight_decay = s.decay ? decay_ : 0.0;  // AdamW decays weights, never biases or γ, β
    Tensor V = V_.slice_cols(s.begin, s.end), S = S_.slice_cols(s.begin, s.end);
    adam_update(W, dW, V, S, p, t_);
}

std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, ParamStore& params, double lr,
                                          const OptimizerSettings& st) {
    switch (kind) {
        case OptimizerKind::SGD: return std::make_unique<Sgd>(params, lr);
        case OptimizerKind::Momentum: return std::make_unique<Momentum>(params, lr, st.beta1);
        case OptimizerKind::RMSprop:
            return std::make_unique<RmsProp>(params, lr, st.rms_beta, st.eps);
        case OptimizerKind::Adam:
            return std::make_unique<Adam>(params, lr, st.beta1, st.beta2, st.eps, 0.0);
        case OptimizerKind::AdamW:
            return std::make_unique<Adam>(params, lr, st.beta1, st.beta2, st.eps,
                                          st.weight_decay);
        case OptimizerKind::Adagrad: return std::make_unique<Adagrad>(params, lr, st.eps);
    }
    fail("unknown optimizer");
}

//! [clip_grad_norm]
double clip_grad_norm(ParamStore& params, double max_norm, Tensor& scratch) {
    DL_CHECK(max_norm > 0, "clip_grad_norm: the largest norm must be > 0, got ", max_norm);
    Tensor grads = params.grads();
    double sum_sq = 0.0;
    for (const auto& seg : params.segments()) {
        const Tensor g = grads.slice_cols(seg.begin, seg.end);
        dot(g, g, scratch);  // Σ g² over the segment
        sum_sq += scratch.is_cpu() ? (scratch.dtype() == DType::F64 ? *scratch.data<double>()
                                                                     : *scratch.data<float>())
                                   : scratch.at(0, 0);
    }
    const double norm = std::sqrt(sum_sq);
    if (norm > max_norm)
        for (const auto& seg : params.segments()) {
            Tensor g = grads.slice_cols(seg.begin, seg.end);
            scale(g, max_norm / norm);  // g ← g · max_norm/‖g‖
        }
    return norm;
}
//! [clip_grad_norm]

}  // namespace dl::nn
