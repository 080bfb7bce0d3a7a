/// @file output_size.cpp
/// @brief Reference solution of exercise ch06.output_size (declared in exercises/ch06.hpp).
#include "exercises/ch06.hpp"

namespace dl::exercises {

int64_t output_size(int64_t n, int64_t f, int64_t p, int64_t s) {
    //! [output_size]
    DL_CHECK(f >= 1 && s >= 1 && p >= 0, "output_size: expected f >= 1, s >= 1, p >= 0, got f = ",
             f, ", s = ", s, ", p = ", p);
    DL_CHECK(n + 2 * p >= f, "output_size: a filter of ", f, " does not fit in ", n,
             " pixels with padding ", p);
    return (n + 2 * p - f) / s + 1;  // integer division rounds down
    //! [output_size]
}

}  // namespace dl::exercises
