/// @file conv_transpose_output_size.cpp
/// @brief Reference solution of exercise ch08.conv_transpose_output_size (declared in
/// exercises/ch08.hpp).
#include "exercises/ch08.hpp"

namespace dl::exercises {

int64_t conv_transpose_output_size(int64_t n, int64_t k, int64_t pad, int64_t stride,
                                   int64_t out_pad) {
    DL_CHECK(n >= 1 && k >= 1 && stride >= 1 && pad >= 0 && out_pad >= 0 && out_pad < stride,
             "conv_transpose_output_size: expected n, k, s >= 1, p >= 0 and 0 <= op < s, got n = ",
             n, ", k = ", k, ", p = ", pad, ", s = ", stride, ", op = ", out_pad);
    //! [conv_transpose_output_size]
    const int64_t out = (n - 1) * stride - 2 * pad + k + out_pad;
    //! [conv_transpose_output_size]
    DL_CHECK(out >= 1, "conv_transpose_output_size: the output would have ", out, " pixels");
    return out;
}

}  // namespace dl::exercises
