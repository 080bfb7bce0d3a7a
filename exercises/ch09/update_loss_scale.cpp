/// @file update_loss_scale.cpp
/// @brief Exercise ch09.update_loss_scale: the dynamic loss scaler's rule for one step.
///
/// Read the declaration's comment in exercises/include/exercises/ch09.hpp first.
/// Check your work: `./course grade ch09.update_loss_scale` (this exercise) or `./course grade 9`
/// (the chapter). Stuck? `./course hint ch09.update_loss_scale` prints the steps. Then
/// `./course run 9 --mine` runs the chapter program on your code.
#include "exercises/ch09.hpp"

namespace dl::exercises {

bool update_loss_scale(nn::LossScaleState& s, bool found_inf, const nn::LossScalerOptions& o) {
    // TODO(student): begin
    //  An inf/NaN gradient: back off and skip. Otherwise count the clean step, and grow the
    //  scale when the count reaches o.growth_interval (then start counting again).
    (void)s, (void)found_inf, (void)o;
    throw NotImplemented("ch09.update_loss_scale");
    // TODO(student): end
}

}  // namespace dl::exercises
