/// @file gradcheck.hpp
/// @brief Gradient checking (梯度检验): a backward pass against two-sided differences.
///
/// For every parameter element θᵢ (every entry of every W, b, γ, …) and, for a single layer,
/// every input element:
///
///     dθ_approx[i] = (J(θ + ε·eᵢ) − J(θ − ε·eᵢ)) / (2ε)          (two-sided: error O(ε²))
///
/// and per parameter (per slot of the flat buffer) the relative error
///
///     ‖dθ_approx − dθ‖₂ / (‖dθ_approx‖₂ + ‖dθ‖₂)                  (0 when both are 0)
///
/// The lecture's reading, and the course's one rule: below 1e-7 the backward pass is right;
/// above it, look for the bug (around 1e-5 it is usually one term or one transpose; above 1e-3
/// the formula is wrong). Run in float64 on the CPU with a few samples: in float32 the rounding
/// of J alone is about 1e-7 and would hide the answer. Never during training (two costs per
/// parameter). Dropout needs its mask fixed, which the course's counter-based masks give for a
/// fixed Pass::step.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "layer.hpp"
#include "loss.hpp"
#include "model.hpp"
#include "param_store.hpp"

namespace dl::nn {

struct GradCheckSlot {
    std::string name;  ///< "dense1.W", or "input" for a layer's dx
    int64_t count;     ///< elements checked
    double rel_error;  ///< ‖approx − exact‖ / (‖approx‖ + ‖exact‖)
};

struct GradCheckResult {
    std::vector<GradCheckSlot> slots;
    double max_rel_error = 0.0;
    /// The slot called `name`; throws when absent.
    const GradCheckSlot& slot(const std::string& name) const;
};

/// The relative error of the lecture, ‖a − e‖₂ / (‖a‖₂ + ‖e‖₂), 0 when both are 0.
double relative_error(const std::vector<double>& approx, const std::vector<double>& exact);

/// The general check over a parameter store (float64, CPU): `gradients()` must fill
/// params.grads() with ∂J/∂θ (it zeroes them first), `cost()` must return J at the current
/// parameter values. Every parameter element is perturbed in place and put back.
GradCheckResult gradient_check(ParamStore& params, const std::function<double()>& cost,
                               const std::function<void()>& gradients, double eps = 1e-6);

/// A model with a loss on (X, Y): J = (1/m)·Σ_j L(j) of model(X), in the mode of `pass`.
/// The model must be float64 on the CPU; X and Y float64 CPU tensors.
GradCheckResult gradient_check(Model& model, Loss& loss, const Tensor& X, const Tensor& Y,
                               const Pass& pass = {}, double eps = 1e-6);

/// One layer on its own, for its unit test: builds it (float64, CPU) for inputs of shape `in`,
/// initialises its parameters and then moves each by N(0, 0.1²) so that no bias is 0, draws a
/// random input x ~ N(0, 1) and a random R ~ N(0, 1) of the output's shape, and checks the
/// gradients of J = Σ R ⊙ layer(x) for every parameter and for the input ("input").
GradCheckResult gradcheck_layer(Layer& layer, const Shape& in, uint64_t seed,
                                const Pass& pass = {}, double eps = 1e-6);

}  // namespace dl::nn
