/// @file optimizer.cpp
/// @brief SGD, momentum and Adam (see optimizer.hpp).
#include "optimizer.hpp"

#include "../kernels/momentum.hpp"
#include "../kernels/sgd.hpp"

namespace dl::nn {

const char* optimizer_name(OptimizerKind k) {
    switch (k) {
        case OptimizerKind::SGD: return "sgd";
        case OptimizerKind::Momentum: return "momentum";
        case OptimizerKind::Adam: return "adam";
    }
    return "?";
}

OptimizerKind parse_optimizer(const std::string& name) {
    for (auto k : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam})
        if (name == optimizer_name(k)) return k;
    throw UsageError(cat("unknown optimizer '", name, "': expected sgd, momentum or adam"));
}

namespace {
std::vector<Tensor> zeros_like(const std::vector<Param>& params) {
    std::vector<Tensor> out;
    for (const auto& p : params)
        out.push_back(Tensor::zeros(p.value->shape(), p.value->dtype(), p.value->device()));
    return out;
}
}  // namespace

void Sgd::step() {
    ++t_;
    for (auto& p : params_) sgd_update(*p.value, *p.grad, lr_);
}

Momentum::Momentum(std::vector<Param> params, float lr, float beta)
    : Optimizer(std::move(params), lr), beta_(beta), V_(zeros_like(params_)) {}

void Momentum::step() {
    ++t_;
    for (std::size_t i = 0; i < params_.size(); ++i)
        momentum_update(*params_[i].value, *params_[i].grad, V_[i], lr_, beta_);
}

Adam::Adam(std::vector<Param> params, const AdamParams& p)
    : Optimizer(std::move(params), p.lr), p_(p), V_(zeros_like(params_)), S_(zeros_like(params_)) {}

void Adam::step() {
    ++t_;
    p_.lr = lr_;
    for (std::size_t i = 0; i < params_.size(); ++i)
        adam_update(*params_[i].value, *params_[i].grad, V_[i], S_[i], p_, t_);
}

std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, std::vector<Param> params,
                                          double lr) {
    DL_CHECK(lr > 0, "learning rate must be > 0, got ", lr);
    switch (kind) {
        case OptimizerKind::SGD: return std::make_unique<Sgd>(std::move(params), float(lr));
        case OptimizerKind::Momentum:
            return std::make_unique<Momentum>(std::move(params), float(lr));
        case OptimizerKind::Adam: {
            AdamParams p;
            p.lr = float(lr);
            return std::make_unique<Adam>(std::move(params), p);
        }
    }
    fail("unknown optimizer");
}

}  // namespace dl::nn
