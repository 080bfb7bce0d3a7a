/// @file formats.hpp
/// @brief Section 3: the number formats of deep learning — FP32, FP16, BF16 and TF32 — and what
/// happens to a small gradient in each.
///
/// A binary floating-point number with E exponent bits and p stored fraction bits is
/// (−1)^s · 1.f · 2^(e − bias), bias = 2^(E−1) − 1, so
///
///     largest finite      (2 − 2^−p) · 2^bias
///     smallest normal     2^(1 − bias)
///     smallest subnormal  2^(1 − bias − p)       (0.f · 2^(1 − bias): gradual underflow)
///     machine epsilon     2^−p                    (the gap between 1 and the next number)
///
/// | format | bits | E | p  | largest    | smallest normal | epsilon |
/// |--------|------|---|----|------------|-----------------|---------|
/// | FP32   | 32   | 8 | 23 | 3.4·10³⁸   | 1.2·10⁻³⁸       | 1.2·10⁻⁷ |
/// | FP16   | 16   | 5 | 10 | 65504      | 6.1·10⁻⁵        | 9.8·10⁻⁴ |
/// | BF16   | 16   | 8 | 7  | 3.4·10³⁸   | 1.2·10⁻³⁸       | 7.8·10⁻³ |
/// | TF32   | 19   | 8 | 10 | 3.4·10³⁸   | 1.2·10⁻³⁸       | 9.8·10⁻⁴ |
///
/// FP16 (半精度) keeps precision and gives up range; BF16 keeps FP32's range and gives up
/// precision; TF32 is the format the tensor cores read FP32 inputs in (FP32's range, FP16's
/// precision, stored in 32 bits). number_formats() computes every row from E and p and then
/// checks it against the real conversions: the course's round-to-nearest-even converters
/// (core/half.hpp, the same rounding as the GPU's), Eigen's Eigen::half and Eigen::bfloat16,
/// and the C++ library's float limits.
#pragma once

#include <string>
#include <vector>

#include "io/json.hpp"

namespace ch09 {

struct FormatRow {
    std::string name;
    int bits = 0, exponent_bits = 0, fraction_bits = 0, bias = 0;
    double largest = 0, smallest_normal = 0, smallest_subnormal = 0, epsilon = 0;
    double decimal_digits = 0;  ///< (p + 1) · log10 2
    std::vector<std::string> checks;  ///< what was checked against the conversions
    bool ok = true;                    ///< every check held
};

std::vector<FormatRow> number_formats();
std::string formats_table(const std::vector<FormatRow>& rows);

/// x rounded to TF32 (10 fraction bits, nearest, ties to even), kept in a float: what a tensor
/// core reads of an FP32 input in TF32 mode.
float round_to_tf32(float x);

/// One value through each format.
struct ValueRow {
    std::string what;
    double value = 0;
    double fp32 = 0, fp16 = 0, bf16 = 0;
    double fp16_scaled = 0;  ///< fp16(S·value) / S in float32, S = the loss scale
};

/// The story of section 3: gradients below 2⁻²⁴ vanish in FP16, subnormal ones lose digits, a
/// large one times the scale overflows, and loss scaling by S (2¹⁶) rescues the small ones.
/// `to_half` rounds float → FP16 bits (the library's converter, or the student's exercise).
std::vector<ValueRow> gradient_values(double scale, uint16_t (*to_half)(float));
/// The master-weights story: w = 1 plus a small update in FP16 and in FP32.
std::vector<ValueRow> update_values(uint16_t (*to_half)(float));
std::string values_table(const std::vector<ValueRow>& rows, double scale, bool with_scaled);

/// How many of a spread of test values `to_half` rounds exactly as the library does (normal,
/// subnormal, ties, overflow, NaN); the first disagreement in `first_bad`.
int check_half_rounding(uint16_t (*to_half)(float), int& total, std::string& first_bad);

dl::Json to_json(const std::vector<FormatRow>& rows);

}  // namespace ch09
