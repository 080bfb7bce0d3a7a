/// @file broadcast_shape_rule.cpp
/// @brief Exercise ch03.broadcast_shape_rule: numpy's broadcasting rule for two matrices.
///
/// Read the declaration's comment in exercises/include/exercises/ch03.hpp first.
/// Check your work: `./course grade ch03.broadcast_shape_rule` (this exercise) or
/// `./course grade 3` (the chapter). Stuck? `./course hint ch03.broadcast_shape_rule` prints the
/// steps. Then `./course run 3 --mine` runs the chapter program on your code.
#include "exercises/ch03.hpp"

namespace dl::exercises {

/// Numpy's broadcasting rule for two matrices.
Shape broadcast_shape_rule(const Shape& a, const Shape& b) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch03.hpp.
    (void)a;
    (void)b;
    throw NotImplemented("ch03.broadcast_shape_rule");
    // TODO(student): end
}

}  // namespace dl::exercises
