/// @file update_loss_scale.cpp
/// @brief Reference solution of exercise ch09.update_loss_scale (declared in exercises/ch09.hpp).
#include "exercises/ch09.hpp"

namespace dl::exercises {

bool update_loss_scale(nn::LossScaleState& s, bool found_inf, const nn::LossScalerOptions& o) {
    //! [update_loss_scale]
    if (found_inf) {
        s.scale *= o.backoff_factor;  // too large: an inf or NaN appeared
        s.good_steps = 0;
        return false;                 // skip the update
    }
    if (++s.good_steps >= o.growth_interval) {
        s.scale *= o.growth_factor;   // long enough without overflow: try a larger scale
        s.good_steps = 0;
    }
    return true;
    //! [update_loss_scale]
}

}  // namespace dl::exercises
