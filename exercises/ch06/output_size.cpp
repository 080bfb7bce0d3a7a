/// @file output_size.cpp
/// @brief Exercise ch06.output_size: the output size ⌊(n + 2p − f)/s⌋ + 1 of a convolution.
///
/// Read the declaration's comment in exercises/include/exercises/ch06.hpp first.
/// Check your work: `./course grade ch06.output_size` (this exercise) or `./course grade 6` (the
/// chapter). Stuck? `./course hint ch06.output_size` prints the steps. Then
/// `./course run 6 --mine` runs the chapter program on your code.
#include "exercises/ch06.hpp"

namespace dl::exercises {

/// ⌊(n + 2p − f)/s⌋ + 1.
int64_t output_size(int64_t n, int64_t f, int64_t p, int64_t s) {
    // TODO(student): begin
    //  1. Check the arguments with DL_CHECK(condition, "message parts", value, ...):
    //     f >= 1, s >= 1, p >= 0, and n + 2p >= f (the filter fits).
    //  2. Integer division already rounds down for non-negative numbers:
    //     (n + 2 * p - f) / s + 1.
    (void)n, (void)f, (void)p, (void)s;
    throw NotImplemented("ch06.output_size");
    // TODO(student): end
}

}  // namespace dl::exercises
