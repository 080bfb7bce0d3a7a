/// @file gradient_check.cpp
/// @brief Exercise ch04.gradient_check: the two-sided numerical gradient and the relative error.
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade ch04.gradient_check` (this exercise) or `./course grade 4` (the
/// chapter). Stuck? `./course hint ch04.gradient_check` prints the steps. Then
/// `./course run 4 --mine` runs the chapter program on your code.
#include "exercises/ch04.hpp"

#include <cmath>

namespace dl::exercises {

/// grad[i] = (J(θ + ε·eᵢ) − J(θ − ε·eᵢ)) / (2ε).
std::vector<double> numerical_gradient(const std::function<double(const std::vector<double>&)>& J,
                                       std::vector<double> theta, double eps) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch04.hpp.
    (void)J, (void)theta, (void)eps;
    throw NotImplemented("ch04.gradient_check");
    // TODO(student): end
}

/// ‖approx − exact‖₂ / (‖approx‖₂ + ‖exact‖₂).
double gradient_rel_error(const std::vector<double>& approx, const std::vector<double>& exact) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch04.hpp.
    (void)approx, (void)exact;
    throw NotImplemented("ch04.gradient_check");
    // TODO(student): end
}

}  // namespace dl::exercises
