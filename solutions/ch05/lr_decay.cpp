/// @file lr_decay.cpp
/// @brief Reference solution of exercise ch05.lr_decay (declared in exercises/ch05.hpp).
#include "core/error.hpp"
#include "exercises/ch05.hpp"

namespace dl::exercises {

double learning_rate_decay(double alpha0, double decay_rate, int epoch_num) {
    DL_CHECK(alpha0 > 0, "learning_rate_decay: α₀ must be > 0, got ", alpha0);
    DL_CHECK(decay_rate >= 0, "learning_rate_decay: decay_rate must be >= 0, got ", decay_rate);
    DL_CHECK(epoch_num >= 0, "learning_rate_decay: epoch_num must be >= 0, got ", epoch_num);
    //! [lr_decay]
    return alpha0 / (1.0 + decay_rate * double(epoch_num));  // α = α₀/(1 + decay_rate·epoch_num)
    //! [lr_decay]
}

}  // namespace dl::exercises
