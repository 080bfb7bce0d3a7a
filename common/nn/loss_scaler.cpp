/// @file loss_scaler.cpp
/// @brief The dynamic loss-scaling rule and its log (see loss_scaler.hpp).
#include "loss_scaler.hpp"

#include <cmath>
#include <sstream>

#include "../core/error.hpp"

namespace dl::nn {

//! [loss_scale_rule]
bool loss_scale_rule(LossScaleState& s, bool found_inf, const LossScalerOptions& o) {
    if (found_inf) {  // an inf or NaN gradient: the scale was too large for float16
        s.scale *= o.backoff_factor;
        s.good_steps = 0;
        return false;  // skip this update
    }
    if (++s.good_steps == o.growth_interval) {  // long enough without trouble: try larger
        s.scale *= o.growth_factor;
        s.good_steps = 0;
    }
    return true;
}
//! [loss_scale_rule]

LossScaler::LossScaler(LossScalerOptions o, Rule rule) : o_(o), rule_(rule ? rule : loss_scale_rule) {
    DL_CHECK(o.init_scale > 0 && std::isfinite(o.init_scale), "loss scaler: the initial scale must "
             "be a positive finite number, got ", o.init_scale);
    DL_CHECK(o.growth_factor > 1, "loss scaler: the growth factor must be > 1, got ", o.growth_factor);
    DL_CHECK(o.backoff_factor > 0 && o.backoff_factor < 1, "loss scaler: the backoff factor must "
             "be in (0, 1), got ", o.backoff_factor);
    DL_CHECK(o.growth_interval >= 1, "loss scaler: the growth interval must be >= 1 step, got ",
             o.growth_interval);
    state_.scale = o.init_scale;
}

bool LossScaler::update(bool found_inf) {
    ++steps_;
    const double before = state_.scale;
    const bool apply = rule_(state_, found_inf, o_);
    if (!apply) ++skipped_;
    if (state_.scale > before) ++growths_;
    if (state_.scale != before && events_.size() < max_events)
        events_.push_back({steps_, before, state_.scale, !apply});
    return apply;
}

std::string scale_str(double s) {
    int e = 0;
    const double m = std::frexp(s, &e);
    if (m == 0.5) return cat("2^", e - 1);
    std::ostringstream os;
    os << s;
    return os.str();
}

std::string LossScaler::log() const {
    std::ostringstream os;
    for (const auto& e : events_)
        os << "  step " << e.step << ": scale " << scale_str(e.scale_before) << " -> "
           << scale_str(e.scale_after)
           << (e.skipped ? std::string(" (an inf/NaN gradient: update skipped)")
                         : cat(" (", o_.growth_interval, " clean steps: grow)"))
           << "\n";
    return os.str();
}

}  // namespace dl::nn
