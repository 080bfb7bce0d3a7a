/// @file graded.hpp
/// @brief What the graded tests of every chapter share: hints on assertions, and the check that
/// an exercise rejects bad input with its own dl::Error.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"

/// A hint streamed onto an assertion that a typical mistake trips; the grader shows it with the
/// failure:  EXPECT_NEAR(g.db, 0.05, 1e-12) << GRADED_HINT("did you divide by m?");
#define GRADED_HINT(text) "hint: " text

/// Expects `stmt` to throw dl::Error for bad input, and not the stub's dl::NotImplemented (so an
/// untouched stub does not earn the point). `bad_input` says what is wrong with the input.
#define GRADED_EXPECT_INPUT_ERROR(stmt, bad_input)                                            \
    do {                                                                                     \
        try {                                                                                \
            stmt;                                                                            \
            ADD_FAILURE() << #stmt " did not throw dl::Error for " << bad_input << "\n"       \
                          << GRADED_HINT("check the shapes first, e.g. DL_CHECK(a.cols() == " \
                                         "b.cols(), \"...\", a.cols(), \"...\", b.cols())"); \
        } catch (const ::dl::NotImplemented& e) {                                            \
            ADD_FAILURE() << e.what();                                                       \
        } catch (const ::dl::Error&) {                                                       \
        } catch (const std::exception& e) {                                                  \
            ADD_FAILURE() << #stmt " threw '" << e.what() << "', not dl::Error, for "        \
                          << bad_input << "\n"                                               \
                          << GRADED_HINT("check the shapes yourself with DL_CHECK before "   \
                                         "computing");                                       \
        }                                                                                    \
    } while (0)

#include <cmath>
#include <vector>

namespace dl::graded {

/// `hint` when it is not empty, else `otherwise`.
inline std::string hint_or(const std::string& hint, const char* otherwise) {
    return hint.empty() ? std::string(otherwise) : hint;
}

/// A hint for a result with the right pattern and the wrong scale, the marks of a forgotten or
/// misplaced 1/m: all zeros (1/m in integer arithmetic), m times too large, m times too small.
/// Empty when none of these fits.
inline std::string scale_hint(const std::vector<double>& got, const std::vector<double>& want,
                              double m) {
    if (got.size() != want.size() || got.empty()) return "";
    auto all = [&](auto&& same) {
        bool any_nonzero = false;
        for (std::size_t i = 0; i < got.size(); ++i) {
            if (!same(got[i], want[i])) return false;
            any_nonzero = any_nonzero || want[i] != 0.0;
        }
        return any_nonzero;
    };
    auto near = [](double a, double b) { return std::abs(a - b) <= 1e-9 * (1.0 + std::abs(b)); };
    if (all([](double g, double) { return g == 0.0; }))
        return GRADED_HINT("all zeros: is 1/m computed in integers (1 / m == 0)? write 1.0 / m");
    if (all([&](double g, double w) { return near(g, w * m); }))
        return GRADED_HINT("m times too large: did you divide by m?");
    if (all([&](double g, double w) { return near(g, w / m); }))
        return GRADED_HINT("m times too small: is 1/m applied twice, or where it does not belong?");
    return "";
}

}  // namespace dl::graded
