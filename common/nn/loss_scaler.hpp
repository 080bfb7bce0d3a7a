/// @file loss_scaler.hpp
/// @brief dl::nn::LossScaler: dynamic loss scaling (动态损失缩放) for float16 training.
///
/// Float16 has 5 exponent bits: its smallest positive number is 2⁻²⁴ ≈ 6·10⁻⁸ and its largest
/// 65504. Many gradients of a network are smaller than 2⁻²⁴ and would become 0 when stored in
/// float16 (underflow). Loss scaling multiplies the loss — and so, by the chain rule, every
/// gradient of the backward pass — by a factor S before the backward pass, which moves the
/// gradients up into float16's range; the optimizer then uses the float32 gradients divided
/// by S again (unscaling), so the update is the one without scaling:
///
///     dZ_scaled = S · ∂J/∂Z           (float16 from here on through the backward pass)
///     g = (gradients) / S             (float32 master gradients: unscale)
///     if any g is inf or NaN: skip this update, S ← S · backoff
///     else: update the float32 master weights with g
///
/// A fixed S is hard to choose: too small and gradients still underflow, too large and they
/// overflow to infinity. The dynamic rule (Micikevicius et al., "Mixed Precision Training",
/// ICLR 2018; PyTorch's GradScaler uses the same defaults) finds the largest S that works and
/// keeps looking:
///
/// | event                                   | the step  | the scale                         |
/// |-----------------------------------------|-----------|-----------------------------------|
/// | an inf or NaN in any gradient           | skipped   | S ← S · 0.5, count of clean steps 0|
/// | the 2000th clean step in a row          | applied   | S ← S · 2, count 0                 |
/// | any other clean step                    | applied   | unchanged, count + 1              |
///
/// starting from S = 2¹⁶. Bfloat16 has float32's 8 exponent bits, so it rarely needs scaling
/// (S = 1 works); the scaler does no harm there.
///
/// The scaler does not touch tensors: it decides. The unscale-and-check kernel
/// (kernels/unscale.hpp) tells it whether this step's gradients were finite.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dl::nn {

struct LossScalerOptions {
    double init_scale = 65536.0;     ///< S at the first step: 2¹⁶
    double growth_factor = 2.0;      ///< S ← S·2 after growth_interval clean steps in a row
    double backoff_factor = 0.5;     ///< S ← S·0.5 after a step with an inf or NaN gradient
    int64_t growth_interval = 2000;  ///< clean steps in a row before S grows
};

/// What the rule updates: the scale and the clean steps since the last change.
struct LossScaleState {
    double scale = 65536.0;
    int64_t good_steps = 0;
};

/// The rule in the table above, applied to one step: returns true when the step's update may
/// be applied (no inf or NaN), false when it must be skipped; updates the state.
bool loss_scale_rule(LossScaleState& s, bool found_inf, const LossScalerOptions& o);

/// One change of the scale, for the log.
struct ScaleEvent {
    int64_t step = 0;      ///< 1-based step at which it happened
    double scale_before = 0, scale_after = 0;
    bool skipped = false;  ///< a backoff (and the step was skipped), else a growth
};

class LossScaler {
public:
    using Rule = bool (*)(LossScaleState&, bool found_inf, const LossScalerOptions&);

    /// `rule` replaces loss_scale_rule (chapter 9 runs the student's exercise through it).
    explicit LossScaler(LossScalerOptions o = {}, Rule rule = nullptr);

    /// The current S (multiply the loss gradient by it before the backward pass).
    double scale() const { return state_.scale; }
    /// Records a step whose gradients were (or were not) all finite; true when the optimizer
    /// may apply the update.
    bool update(bool found_inf);

    int64_t steps() const { return steps_; }
    int64_t skipped() const { return skipped_; }
    int64_t growths() const { return growths_; }
    const LossScaleState& state() const { return state_; }
    const LossScalerOptions& options() const { return o_; }
    /// Every change of the scale so far (the first `max_events` of them are kept).
    const std::vector<ScaleEvent>& events() const { return events_; }
    /// "scale 2^16 → 2^15 at step 3 (skipped)" lines, one per event.
    std::string log() const;

private:
    LossScalerOptions o_;
    Rule rule_;
    LossScaleState state_;
    int64_t steps_ = 0, skipped_ = 0, growths_ = 0;
    std::vector<ScaleEvent> events_;
    static constexpr std::size_t max_events = 10000;
};

/// "2^16" for a power of two, else the number.
std::string scale_str(double s);

}  // namespace dl::nn
