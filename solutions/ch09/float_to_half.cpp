/// @file float_to_half.cpp
/// @brief Reference solution of exercise ch09.float_to_half (declared in exercises/ch09.hpp).
#include <cstring>

#include "exercises/ch09.hpp"

namespace dl::exercises {

//! [float_to_half]
uint16_t float_to_half(float x) {
    uint32_t u;
    std::memcpy(&u, &x, 4);
    const uint32_t sign = (u >> 16) & 0x8000u;
    const uint32_t a = u & 0x7fffffffu;  // |x|'s bits
    if (a > 0x7f800000u) return static_cast<uint16_t>(sign | 0x7e00u);  // NaN stays NaN
    if (a >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // ≥ 65520: ±inf
    if (a < 0x38800000u) {                 // below 2^−14: a float16 subnormal (or zero)
        if (a < 0x33000000u) return static_cast<uint16_t>(sign);  // ≤ half of 2^−24: ±0
        const uint32_t e = a >> 23;                    // float32 exponent, 102 … 112
        const uint32_t sig = (a & 0x7fffffu) | 0x800000u;  // 1.F as a 24-bit integer
        const uint32_t shift = 126 - e;                // 14 … 24 bits to drop
        uint32_t h = sig >> shift;
        const uint32_t rest = sig & ((1u << shift) - 1u), half = 1u << (shift - 1);
        if (rest > half || (rest == half && (h & 1u))) ++h;  // nearest, ties to even
        return static_cast<uint16_t>(sign | h);
    }
    uint32_t h = (a - 0x38000000u) >> 13;  // re-bias 127 → 15, keep 10 fraction bits
    const uint32_t rest = a & 0x1fffu;      // the 13 dropped bits
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // may carry into the exponent
    return static_cast<uint16_t>(sign | h);
}
//! [float_to_half]

}  // namespace dl::exercises
