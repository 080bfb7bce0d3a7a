/// @file conv_transpose_output_size.cpp
/// @brief Exercise ch08.conv_transpose_output_size: (n − 1)·s − 2p + k + op.
///
/// Read the declaration's comment in exercises/include/exercises/ch08.hpp first.
/// Check your work: `./course grade ch08.conv_transpose_output_size` (this exercise) or `./course grade 8` (the
/// chapter). Stuck? `./course hint ch08.conv_transpose_output_size` prints the steps. Then `./course run 8 --mine`
/// runs the chapter program on your code.
#include "exercises/ch08.hpp"

namespace dl::exercises {

int64_t conv_transpose_output_size(int64_t n, int64_t k, int64_t pad, int64_t stride,
                                   int64_t out_pad) {
    // TODO(student): begin
    //  DL_CHECK the ranges (n, k, s >= 1; p >= 0; 0 <= op < s), compute (n − 1)·s − 2p + k + op,
    //  and DL_CHECK that it is at least 1.
    (void)n, (void)k, (void)pad, (void)stride, (void)out_pad;
    throw NotImplemented("ch08.conv_transpose_output_size");
    // TODO(student): end
}

}  // namespace dl::exercises
