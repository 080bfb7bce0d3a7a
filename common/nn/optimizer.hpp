/// @file optimizer.hpp
/// @brief Optimizers (优化器): plain gradient descent, momentum and Adam over a list of Params.
///
///     auto opt = make_optimizer(OptimizerKind::Adam, net.params(), 0.001);
///     for (...) { net.forward_backward(X, Y); opt->step(); }
///
/// Each optimizer allocates its state (velocities, moments) once, next to the parameters, on
/// the parameters' device; step() calls one kernel per parameter tensor:
/// dl::sgd_update, dl::momentum_update or dl::adam_update.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "../kernels/adam.hpp"
#include "mlp.hpp"

namespace dl::nn {

enum class OptimizerKind { SGD, Momentum, Adam };

/// "sgd", "momentum", "adam".
const char* optimizer_name(OptimizerKind k);
/// Parses the names above; throws dl::UsageError naming the value.
OptimizerKind parse_optimizer(const std::string& name);

class Optimizer {
public:
    virtual ~Optimizer() = default;
    /// One update of every parameter from its current gradient.
    virtual void step() = 0;
    /// Updates taken so far.
    int64_t steps() const { return t_; }
    float lr() const { return lr_; }
    void set_lr(float lr) { lr_ = lr; }

protected:
    Optimizer(std::vector<Param> params, float lr) : params_(std::move(params)), lr_(lr) {}
    std::vector<Param> params_;
    float lr_;
    int64_t t_ = 0;
};

/// W ← W − α·dW.
class Sgd : public Optimizer {
public:
    Sgd(std::vector<Param> params, float lr) : Optimizer(std::move(params), lr) {}
    void step() override;
};

/// V ← β·V + (1 − β)·dW, W ← W − α·V.
class Momentum : public Optimizer {
public:
    Momentum(std::vector<Param> params, float lr, float beta = 0.9f);
    void step() override;

private:
    float beta_;
    std::vector<Tensor> V_;
};

/// Adam with bias correction (see kernels/adam.hpp).
class Adam : public Optimizer {
public:
    Adam(std::vector<Param> params, const AdamParams& p);
    void step() override;

private:
    AdamParams p_;
    std::vector<Tensor> V_, S_;
};

/// An optimizer of `kind` with learning rate `lr` and the lecture's default β's.
std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, std::vector<Param> params, double lr);

}  // namespace dl::nn
