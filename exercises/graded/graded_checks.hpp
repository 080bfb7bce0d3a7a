/// @file graded_checks.hpp
/// @brief Force-included (`-include`) into every graded test and exercise file
/// (cmake/DlGrading.cmake): Eigen's own size checks stay on in the graded builds.
///
/// A Release build turns Eigen's checks off, so a product or an assignment whose sizes do not fit
/// (say dw = dZ·Xᵀ where X·dZᵀ was meant) silently writes past a buffer and the check reports
/// some unrelated number. Here a failed Eigen check throws instead, and the graded check fails
/// with Eigen's condition, e.g. `lhs.cols() == rhs.rows() && "invalid matrix product"`.
/// The exception is not a dl::Error: a test expecting the exercise's own DL_CHECK (a clear
/// message naming both shapes) is not satisfied by Eigen tripping over the sizes.
#pragma once

#include <stdexcept>
#include <string>

namespace dl::graded {

/// Thrown when one of Eigen's internal checks fails.
class EigenCheckFailed : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// Eigen's conditions often end in `&& "what went wrong"`: those texts, else the condition.
[[noreturn]] inline void eigen_check_failed(const char* condition) {
    const std::string text = condition;
    std::string what;
    for (auto open = text.find('"'); open != std::string::npos; open = text.find('"', open)) {
        const auto close = text.find('"', open + 1);
        if (close == std::string::npos) break;
        what += (what.empty() ? "" : ": ") + text.substr(open + 1, close - open - 1);
        open = close + 1;
    }
    if (what.empty()) what = text;
    throw EigenCheckFailed("Eigen's check failed: " + what +
                           " (an operation on matrices whose sizes do not fit, or an index out of "
                           "range: print the .rows() and .cols() of its operands)");
}

}  // namespace dl::graded

#define eigen_assert(x)                                              \
    do {                                                             \
        if (!static_cast<bool>(x)) ::dl::graded::eigen_check_failed(#x); \
    } while (false)
