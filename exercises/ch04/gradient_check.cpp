/// @file gradient_check.cpp
/// @brief Exercise ch04.gradient_check: the two-sided numerical gradient and the relative error.
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch04.gradient_check`), then run the
/// chapter on your own code with `./course run 4 --mine`.
#include "exercises/ch04.hpp"

#include <cmath>

namespace dl::exercises {

/// grad[i] = (J(θ + ε·eᵢ) − J(θ − ε·eᵢ)) / (2ε).
std::vector<double> numerical_gradient(const std::function<double(const std::vector<double>&)>& J,
                                       std::vector<double> theta, double eps) {
    // TODO(student): begin
    //  For each i: save θ[i]; set θ[i] + ε, evaluate J; set θ[i] − ε, evaluate J; restore θ[i];
    //  grad[i] = (J_plus − J_minus) / (2ε).
    (void)J, (void)theta, (void)eps;
    throw NotImplemented("ch04.gradient_check");
    // TODO(student): end
}

/// ‖approx − exact‖₂ / (‖approx‖₂ + ‖exact‖₂).
double gradient_rel_error(const std::vector<double>& approx, const std::vector<double>& exact) {
    // TODO(student): begin
    //  DL_CHECK(approx.size() == exact.size(), ...); three sums of squares, then sqrt.
    //  Return 0 when the denominator is 0.
    (void)approx, (void)exact;
    throw NotImplemented("ch04.gradient_check");
    // TODO(student): end
}

}  // namespace dl::exercises
