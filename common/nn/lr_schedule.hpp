/// @file lr_schedule.hpp
/// @brief Learning-rate decay (学习率衰减): the learning rate as a function of training time.
///
/// Early in training the weights are far from a minimum and large steps help; near it, large
/// steps with noisy mini-batch gradients make the weights wander around the minimum instead of
/// settling. Decaying α lets the steps shrink. With t the number of completed epochs (t = 0 in
/// the first epoch) and α₀ the initial learning rate:
///
/// | schedule     | α(t)                          | lecture                                     |
/// |--------------|-------------------------------|---------------------------------------------|
/// | constant     | α₀                            |                                             |
/// | inverse time | α₀ / (1 + d·t)                | 004: α = α₀/(1 + decay_rate·epoch_num)      |
/// | exponential  | α₀ · kᵗ          (k < 1)      | 004: e.g. 0.95^epoch_num · α₀               |
/// | step         | α₀ · γ^⌊t / s⌋  (every s)     | 004: discrete staircase; 002: 每几个 epoch 减小 |
///
/// The lecture counts epoch_num from 1, so its first epoch already runs at α₀/(1 + d); here
/// (as in chapter 4 and in PyTorch's schedulers) the first epoch runs at α₀. A Trainer takes a
/// schedule through TrainOptions::lr_schedule, which it calls with the epoch number e = t + 1:
///
///     TrainOptions o;
///     o.lr_schedule = LrSchedule::inverse_time(0.001, 0.1).per_epoch();
///
/// The same function of t serves a per-step schedule (call at(step) and Optimizer::set_lr).
#pragma once

#include <cmath>
#include <functional>
#include <string>

#include "../core/error.hpp"

namespace dl::nn {

struct LrSchedule {
    enum class Kind { Constant, InverseTime, Exponential, Step };
    Kind kind = Kind::Constant;
    double alpha0 = 0.001;  ///< α₀ (> 0)
    double rate = 0.0;      ///< d (inverse time, ≥ 0), k (exponential, in (0, 1]), γ (step, in (0, 1])
    int every = 1;          ///< s: epochs between two steps of the staircase (step, ≥ 1)

    static LrSchedule constant(double alpha0) { return make(Kind::Constant, alpha0, 0.0, 1); }
    /// α₀ / (1 + d·t).
    static LrSchedule inverse_time(double alpha0, double d) {
        DL_CHECK(std::isfinite(d) && d >= 0, "inverse-time decay: the rate d must be >= 0, got ", d);
        return make(Kind::InverseTime, alpha0, d, 1);
    }
    /// α₀ · kᵗ.
    static LrSchedule exponential(double alpha0, double k) {
        DL_CHECK(k > 0 && k <= 1, "exponential decay: the factor k must be in (0, 1], got ", k);
        return make(Kind::Exponential, alpha0, k, 1);
    }
    /// α₀ · γ^⌊t / every⌋.
    static LrSchedule step(double alpha0, double gamma, int every) {
        DL_CHECK(gamma > 0 && gamma <= 1, "step decay: the factor γ must be in (0, 1], got ", gamma);
        DL_CHECK(every >= 1, "step decay: the interval must be >= 1 epoch, got ", every);
        return make(Kind::Step, alpha0, gamma, every);
    }

    //! [lr_schedule_at]
    /// The learning rate after t completed epochs (or steps).
    double at(int64_t t) const {
        DL_CHECK(t >= 0, "a learning-rate schedule counts t from 0, got ", t);
        switch (kind) {
            case Kind::Constant: return alpha0;
            case Kind::InverseTime: return alpha0 / (1.0 + rate * double(t));   // α₀/(1 + d·t)
            case Kind::Exponential: return alpha0 * std::pow(rate, double(t));  // α₀·kᵗ
            case Kind::Step: return alpha0 * std::pow(rate, double(t / every));  // α₀·γ^⌊t/s⌋
        }
        return alpha0;
    }
    //! [lr_schedule_at]

    /// The hook TrainOptions::lr_schedule takes: epoch e (1, 2, …) → at(e − 1).
    std::function<double(int)> per_epoch() const {
        const LrSchedule s = *this;
        return [s](int epoch) { return s.at(epoch - 1); };
    }

    /// "1/(1 + 0.1·t)", "0.95^t", "0.5^⌊t/10⌋", "constant", each after "α₀ = 0.001 ×".
    std::string describe() const {
        switch (kind) {
            case Kind::Constant: return cat("constant ", alpha0);
            case Kind::InverseTime: return cat(alpha0, "/(1 + ", rate, "·t)");
            case Kind::Exponential: return cat(alpha0, "·", rate, "^t");
            case Kind::Step: return cat(alpha0, "·", rate, "^floor(t/", every, ")");
        }
        return "?";
    }

private:
    static LrSchedule make(Kind k, double alpha0, double rate, int every) {
        DL_CHECK(std::isfinite(alpha0) && alpha0 > 0,
                 "a learning-rate schedule needs α₀ > 0, got ", alpha0);
        LrSchedule s;
        s.kind = k;
        s.alpha0 = alpha0;
        s.rate = rate;
        s.every = every;
        return s;
    }
};

}  // namespace dl::nn
