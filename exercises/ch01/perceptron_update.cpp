/// @file perceptron_update.cpp
/// @brief Exercise ch01.perceptron_update: one step of the perceptron learning rule.
///
/// Read the declaration's comment in exercises/include/exercises/ch01.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch01.perceptron_update`).
#include "exercises/ch01.hpp"

namespace dl::exercises {

/// ŷ = step(w·x − θ);  w ← w + η(y − ŷ)x;  θ ← θ − η(y − ŷ).
///
/// Shapes: p.w and x are n x 1 (throw dl::Error when they differ).
/// Returns true when ŷ ≠ y (the sample was a mistake and p changed), false otherwise.
bool perceptron_update(Perceptron& p, const Eigen::VectorXf& x, float y, float eta) {
    // TODO(student): begin
    //  1. Check p.w.size() == x.size() with DL_CHECK.
    //  2. y_hat = mp_neuron(p.w, p.theta, x)       (your exercise ch01.mp_neuron)
    //  3. If y_hat == y, return false: a right answer changes nothing.
    //  4. Otherwise p.w += eta * (y - y_hat) * x  and  p.theta -= eta * (y - y_hat);
    //     return true.
    //  Why the minus for θ: write w·x − θ as w·x + θ·(−1), so θ is the weight of an input
    //  that is always −1, and the rule w ← w + η(y − ŷ)x applied to it gives θ − η(y − ŷ).
    (void)p;
    (void)x;
    (void)y;
    (void)eta;
    throw NotImplemented("ch01.perceptron_update");
    // TODO(student): end
}

}  // namespace dl::exercises
