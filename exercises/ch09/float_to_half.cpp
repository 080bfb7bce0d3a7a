/// @file float_to_half.cpp
/// @brief Exercise ch09.float_to_half: float32 → float16 bits, rounded to nearest (ties to even).
///
/// Read the declaration's comment in exercises/include/exercises/ch09.hpp first.
/// Check your work: `./course grade ch09.float_to_half` (this exercise) or `./course grade 9`
/// (the chapter). Stuck? `./course hint ch09.float_to_half` prints the steps. Then
/// `./course run 9 --mine` runs the chapter program on your code.
#include <cstring>

#include "exercises/ch09.hpp"

namespace dl::exercises {

uint16_t float_to_half(float x) {
    // TODO(student): begin
    //  uint32_t u; std::memcpy(&u, &x, 4);   the float's bits
    //  sign = (u >> 16) & 0x8000, exponent = (u >> 23) & 0xff, fraction = u & 0x7fffff …
    (void)x;
    throw NotImplemented("ch09.float_to_half");
    // TODO(student): end
}

}  // namespace dl::exercises
