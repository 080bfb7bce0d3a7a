/// @file broadcast_shape_rule.cpp
/// @brief Reference solution of exercise ch03.broadcast_shape_rule (declared in exercises/ch03.hpp).
#include "exercises/ch03.hpp"

namespace dl::exercises {

/// Each dimension: equal, or one of them 1 (stretched to the other).
Shape broadcast_shape_rule(const Shape& a, const Shape& b) {
    DL_CHECK(a.rank() == 2 && b.rank() == 2, "broadcast: expected two matrices, got ", a.str(),
             " and ", b.str());
    //! [shape_rule]
    int64_t out[2];
    for (int d = 0; d < 2; ++d) {
        if (a[d] == b[d] || b[d] == 1)
            out[d] = a[d];
        else if (a[d] == 1)
            out[d] = b[d];
        else
            fail("broadcast: shapes ", a.str(), " and ", b.str(), " are incompatible in ",
                 d == 0 ? "rows" : "columns", " (", a[d], " vs ", b[d],
                 "); rule: in each dimension the sizes must be equal or one of them 1");
    }
    return Shape::matrix(out[0], out[1]);
    //! [shape_rule]
}

}  // namespace dl::exercises
