/// @file perceptron_update.cpp
/// @brief Exercise ch01.perceptron_update: one step of the perceptron learning rule.
///
/// Read the declaration's comment in exercises/include/exercises/ch01.hpp first.
/// Check your work: `./course grade ch01.perceptron_update` (this exercise) or `./course grade 1`
/// (the chapter). Stuck? `./course hint ch01.perceptron_update` prints the steps. Then
/// `./course run 1 --mine` runs the chapter program on your code.
#include "exercises/ch01.hpp"

namespace dl::exercises {

/// ŷ = step(w·x − θ);  w ← w + η(y − ŷ)x;  θ ← θ − η(y − ŷ).
///
/// Shapes: p.w and x are n x 1 (throw dl::Error when they differ).
/// Returns true when ŷ ≠ y (the sample was a mistake and p changed), false otherwise.
bool perceptron_update(Perceptron& p, const Eigen::VectorXf& x, float y, float eta) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch01.hpp.
    (void)p;
    (void)x;
    (void)y;
    (void)eta;
    throw NotImplemented("ch01.perceptron_update");
    // TODO(student): end
}

}  // namespace dl::exercises
