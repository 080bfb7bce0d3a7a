/// @file broadcast_shape_rule.cpp
/// @brief Exercise ch03.broadcast_shape_rule: numpy's broadcasting rule for two matrices.
///
/// Read the declaration's comment in exercises/include/exercises/ch03.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch03.broadcast_shape_rule`), then run the
/// chapter on your own code with `./course run 3 --mine`.
#include "exercises/ch03.hpp"

namespace dl::exercises {

/// Numpy's broadcasting rule for two matrices.
Shape broadcast_shape_rule(const Shape& a, const Shape& b) {
    // TODO(student): begin
    //  For d = 0 (rows) and d = 1 (columns): if a[d] == b[d] or b[d] == 1 take a[d];
    //  else if a[d] == 1 take b[d]; else throw with dl::fail(...) naming a.str(), b.str()
    //  and the rule ('equal or one of them 1'). Return Shape::matrix(rows, cols).
    (void)a;
    (void)b;
    throw NotImplemented("ch03.broadcast_shape_rule");
    // TODO(student): end
}

}  // namespace dl::exercises
