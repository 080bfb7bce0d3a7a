/// @file perceptron_update.cpp
/// @brief Reference solution of exercise ch01.perceptron_update (declared in exercises/ch01.hpp).
#include "exercises/ch01.hpp"

namespace dl::exercises {

/// One step of the perceptron rule: w ← w + η(y − ŷ)x, θ ← θ − η(y − ŷ).
bool perceptron_update(Perceptron& p, const Eigen::VectorXf& x, float y, float eta) {
    DL_CHECK(p.w.size() == x.size(), "perceptron_update: w has ", p.w.size(),
             " weights but x has ", x.size(), " inputs");
    //! [perceptron_update]
    const float y_hat = mp_neuron(p.w, p.theta, x);  // ŷ = step(w·x − θ)
    const float err = y - y_hat;                     // y − ŷ: 0, +1 or −1
    if (err == 0.0f) return false;                   // right answer: no change
    p.w += eta * err * x;                            // w ← w + η(y − ŷ)x
    p.theta -= eta * err;                            // θ ← θ − η(y − ŷ)
    return true;
    //! [perceptron_update]
}

}  // namespace dl::exercises
