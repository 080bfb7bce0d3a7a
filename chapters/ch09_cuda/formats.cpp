/// @file formats.cpp
/// @brief The number formats table, checked against real conversions (see formats.hpp).
#include "formats.hpp"

#include <Eigen/Core>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "core/half.hpp"

namespace ch09 {

float round_to_tf32(float x) {
    uint32_t u;
    std::memcpy(&u, &x, 4);
    if ((u & 0x7f800000u) == 0x7f800000u) return x;  // inf, NaN
    const uint32_t drop = 13;                         // 23 − 10 fraction bits
    const uint32_t half = 1u << (drop - 1), mask = (1u << drop) - 1;
    const uint32_t rest = u & mask;
    u &= ~mask;
    if (rest > half || (rest == half && (u & (1u << drop)))) u += 1u << drop;  // may carry into
    float y;                                                                   // the exponent
    std::memcpy(&y, &u, 4);
    return y;
}

namespace {

FormatRow layout(const char* name, int bits, int E, int p) {
    FormatRow r;
    r.name = name;
    r.bits = bits, r.exponent_bits = E, r.fraction_bits = p;
    r.bias = (1 << (E - 1)) - 1;
    //! [format_formulas]
    r.largest = (2.0 - std::ldexp(1.0, -p)) * std::ldexp(1.0, r.bias);  // (2 − 2^−p)·2^bias
    r.smallest_normal = std::ldexp(1.0, 1 - r.bias);                   // 2^(1 − bias)
    r.smallest_subnormal = std::ldexp(1.0, 1 - r.bias - p);            // 2^(1 − bias − p)
    r.epsilon = std::ldexp(1.0, -p);                                   // 2^−p
    //! [format_formulas]
    r.decimal_digits = (p + 1) * std::log10(2.0);
    return r;
}

void check(FormatRow& r, const std::string& what, bool ok) {
    r.checks.push_back(what + (ok ? "" : " FAILED"));
    r.ok = r.ok && ok;
}

double h(uint16_t bits) { return dl::half_bits_to_float(bits); }
double b(uint16_t bits) { return dl::bfloat16_bits_to_float(bits); }

}  // namespace

std::vector<FormatRow> number_formats() {
    std::vector<FormatRow> rows;
    {
        FormatRow r = layout("FP32 (float)", 32, 8, 23);
        check(r, "= FLT_MAX, FLT_MIN, denorm_min, FLT_EPSILON",
              r.largest == FLT_MAX && r.smallest_normal == FLT_MIN &&
                  r.smallest_subnormal == std::numeric_limits<float>::denorm_min() &&
                  r.epsilon == FLT_EPSILON);
        rows.push_back(r);
    }
    {
        FormatRow r = layout("FP16 (half)", 16, 5, 10);
        check(r, "bits 7bff, 0400, 0001 decode to them; 1 + eps is 3c01",
              h(0x7bff) == r.largest && h(0x0400) == r.smallest_normal &&
                  h(0x0001) == r.smallest_subnormal && h(0x3c01) - 1.0 == r.epsilon);
        check(r, "65519 rounds to 65504, 65520 to inf; 2^-25 to 0, 3·2^-26 to 2^-24",
              dl::float_to_half_bits(65519.0f) == 0x7bff && dl::float_to_half_bits(65520.0f) == 0x7c00 &&
                  dl::float_to_half_bits(std::ldexp(1.0f, -25)) == 0 &&
                  dl::float_to_half_bits(3 * std::ldexp(1.0f, -26)) == 0x0001);
        // Eigen's own rounding: 1 + 2^-10 is the next half above 1, 1 + 2^-11 rounds to 1.
        // (Eigen 3.4.0's NumTraits<half>::epsilon() returns 2^-13, not that gap: not used.)
        const Eigen::half one(1.0f);
        check(r, "Eigen::half agrees (range, and its rounding of 1 + 2^-10, 1 + 2^-11)",
              double(Eigen::NumTraits<Eigen::half>::highest()) == r.largest &&
                  double((std::numeric_limits<Eigen::half>::min)()) == r.smallest_normal &&
                  double(std::numeric_limits<Eigen::half>::denorm_min()) == r.smallest_subnormal &&
                  double(Eigen::half(1.0f + float(r.epsilon))) - double(one) == r.epsilon &&
                  Eigen::half(1.0f + std::ldexp(1.0f, -11)) == one);
        rows.push_back(r);
    }
    {
        FormatRow r = layout("BF16 (bfloat16)", 16, 8, 7);
        check(r, "bits 7f7f, 0080, 0001 decode to them; 1 + eps is 3f81",
              b(0x7f7f) == r.largest && b(0x0080) == r.smallest_normal &&
                  b(0x0001) == r.smallest_subnormal && b(0x3f81) - 1.0 == r.epsilon);
        check(r, "Eigen::bfloat16 agrees",
              double(Eigen::NumTraits<Eigen::bfloat16>::highest()) == r.largest &&
                  double((std::numeric_limits<Eigen::bfloat16>::min)()) == r.smallest_normal &&
                  double(Eigen::NumTraits<Eigen::bfloat16>::epsilon()) == r.epsilon);
        rows.push_back(r);
    }
    {
        FormatRow r = layout("TF32 (tensor float)", 19, 8, 10);
        const float one = 1.0f;
        check(r, "1 + 2^-10 kept, 1 + 2^-11 rounds to 1 (ties to even), largest kept",
              round_to_tf32(one + std::ldexp(1.0f, -10)) == one + std::ldexp(1.0f, -10) &&
                  round_to_tf32(one + std::ldexp(1.0f, -11)) == one &&
                  double(round_to_tf32(float(r.largest))) == r.largest);
        rows.push_back(r);
    }
    return rows;
}

std::string formats_table(const std::vector<FormatRow>& rows) {
    std::ostringstream os;
    char line[256];
    std::snprintf(line, sizeof line, "  %-20s %4s %4s %4s %12s %11s %11s %10s %6s\n", "format",
                  "bits", "exp", "frac", "largest", "min normal", "min subnorm", "epsilon", "digits");
    os << line;
    for (const auto& r : rows) {
        std::snprintf(line, sizeof line, "  %-20s %4d %4d %4d %12.6g %11.4g %11.4g %10.4g %6.1f\n",
                      r.name.c_str(), r.bits, r.exponent_bits, r.fraction_bits, r.largest,
                      r.smallest_normal, r.smallest_subnormal, r.epsilon, r.decimal_digits);
        os << line;
    }
    os << "  checked against the conversions:\n";
    for (const auto& r : rows)
        for (const auto& c : r.checks) os << "    " << r.name << ": " << c << "\n";
    return os.str();
}

namespace {
ValueRow through_formats(const std::string& what, double v, double scale, uint16_t (*to_half)(float)) {
    ValueRow r;
    r.what = what;
    r.value = v;
    const float f = static_cast<float>(v);
    r.fp32 = f;
    r.fp16 = dl::half_bits_to_float(to_half(f));
    r.bf16 = dl::bfloat16_bits_to_float(dl::float_to_bfloat16_bits(f));
    const float s = static_cast<float>(scale);
    r.fp16_scaled = dl::half_bits_to_float(to_half(s * f)) / s;  // scale, store in fp16, unscale
    return r;
}
}  // namespace

//! [gradient_values]
std::vector<ValueRow> gradient_values(double scale, uint16_t (*to_half)(float)) {
    return {
        through_formats("gradient 2^-25 (below fp16's 2^-24)", std::ldexp(1.0, -25), scale, to_half),
        through_formats("gradient 1e-7 (fp16 subnormal)", 1e-7, scale, to_half),
        through_formats("gradient 1.234e-6 (fp16 subnormal)", 1.234e-6, scale, to_half),
        through_formats("gradient 3.7e-4 (fp16 normal)", 3.7e-4, scale, to_half),
        through_formats("gradient 1.5 (x S overflows fp16)", 1.5, scale, to_half),
    };
}
//! [gradient_values]

std::vector<ValueRow> update_values(uint16_t (*to_half)(float)) {
    // w = 1 updated by −α·g: in fp16 the next number above 1 is 1 + 2^-10, so an update below
    // 2^-11 rounds back to 1 and is lost; the fp32 master weight keeps it.
    std::vector<ValueRow> out;
    for (double delta : {std::ldexp(1.0, -12), 1e-4, 1e-3}) {
        ValueRow r;
        r.what = dl::cat("w = 1 plus update ", delta);
        r.value = 1.0 + delta;
        r.fp32 = static_cast<float>(1.0f + static_cast<float>(delta));
        r.fp16 = dl::half_bits_to_float(to_half(static_cast<float>(1.0 + delta)));
        r.bf16 = dl::bfloat16_bits_to_float(dl::float_to_bfloat16_bits(static_cast<float>(1.0 + delta)));
        r.fp16_scaled = r.fp16;
        out.push_back(r);
    }
    return out;
}

std::string values_table(const std::vector<ValueRow>& rows, double scale, bool with_scaled) {
    std::ostringstream os;
    char line[256];
    if (with_scaled)
        std::snprintf(line, sizeof line, "  %-38s %12s %12s %12s %16s\n", "value", "in fp32",
                      "in fp16", "in bf16", ("fp16 with S=2^" + std::to_string(std::ilogb(scale))).c_str());
    else
        std::snprintf(line, sizeof line, "  %-38s %12s %12s %12s\n", "value", "in fp32", "in fp16", "in bf16");
    os << line;
    for (const auto& r : rows) {
        if (with_scaled)
            std::snprintf(line, sizeof line, "  %-38s %12.6g %12.6g %12.6g %16.6g\n", r.what.c_str(),
                          r.fp32, r.fp16, r.bf16, r.fp16_scaled);
        else
            std::snprintf(line, sizeof line, "  %-38s %12.8g %12.8g %12.8g\n", r.what.c_str(), r.fp32,
                          r.fp16, r.bf16);
        os << line;
    }
    return os.str();
}

int check_half_rounding(uint16_t (*to_half)(float), int& total, std::string& first_bad) {
    std::vector<float> xs = {0.0f, -0.0f, 1.0f, -2.5f, 0.1f, 3.14159f, 65504.0f, 65519.0f, 65520.0f,
                             1e6f, -1e6f, 6.1035156e-5f, 6.0e-5f, 1e-7f, std::ldexp(1.0f, -24),
                             std::ldexp(1.0f, -25), 3 * std::ldexp(1.0f, -26), 1.0f + std::ldexp(1.0f, -11),
                             1.0f + 3 * std::ldexp(1.0f, -11), 2049.0f, 2051.0f,
                             std::numeric_limits<float>::infinity(),
                             -std::numeric_limits<float>::infinity()};
    for (int i = 1; i <= 200; ++i) xs.push_back(std::ldexp(1.0f + i / 211.0f, i % 40 - 30));
    total = static_cast<int>(xs.size()) + 1;
    int good = 0;
    first_bad.clear();
    for (float x : xs) {
        const uint16_t want = dl::float_to_half_bits(x), got = to_half(x);
        if (got == want) {
            ++good;
        } else if (first_bad.empty()) {
            char buf[128];
            std::snprintf(buf, sizeof buf, "%.9g: got 0x%04x, want 0x%04x", x, got, want);
            first_bad = buf;
        }
    }
    const uint16_t nan = to_half(std::numeric_limits<float>::quiet_NaN());
    if ((nan & 0x7c00) == 0x7c00 && (nan & 0x03ff) != 0)
        ++good;
    else if (first_bad.empty())
        first_bad = "NaN must stay NaN (exponent all ones, fraction not zero)";
    return good;
}

dl::Json to_json(const std::vector<FormatRow>& rows) {
    dl::Json list = dl::Json::array();
    for (const auto& r : rows) {
        dl::Json j = dl::Json::object();
        j["name"] = r.name;
        j["bits"] = r.bits;
        j["exponent_bits"] = r.exponent_bits;
        j["fraction_bits"] = r.fraction_bits;
        j["largest"] = r.largest;
        j["smallest_normal"] = r.smallest_normal;
        j["smallest_subnormal"] = r.smallest_subnormal;
        j["epsilon"] = r.epsilon;
        j["checked"] = r.ok;
        list.push_back(j);
    }
    return list;
}

}  // namespace ch09
