/// @file finite_results.hpp
/// @brief The last check of every chapter program: no result may be NaN or infinite.
///
/// A run that diverged (a learning rate far too large, a float32 overflow) can still reach the
/// end of a program: the weights are NaN, the printed cost is "nan", and `--json` shows `null`
/// (JSON has no NaN). Such a run must not end with exit status 0. Every chapter program collects
/// its results in one JSON object; before it prints its `Result:` line it hands that object to
/// require_finite_results(), which throws dl::Error naming the first quantity that is not a
/// finite number by its path in the object, e.g.
///
///     the result gates.and.w[0] is not a finite number (NaN or infinite): the computation
///     diverged or overflowed; the learning rate (--lr 1e+38) is probably too large
///
/// The check reads the object's compact JSON text (dump()), where a non-finite number is the
/// only `null` the programs write, so it works for any JSON type with a dump() method.
/// Test: tests/io/test_finite_results.cpp; the chapters' `cli.chNN.diverged_*` tests.
#pragma once

#include <string>
#include <utility>

namespace dl {

/// Throws dl::Error "the result <path> is not a finite number (NaN or infinite): … <hint>"
/// for the first `null` value in `results_json` (a JSON text), with its path as
/// `key.key[index]`. `hint` says what the likely cause is (e.g. the learning rate given).
/// Throws dl::Error for a text that is not JSON.
void require_finite_results(const std::string& results_json, const std::string& hint = "");

/// The same for a JSON value: `results.dump()` is checked.
template <class J, class = decltype(std::declval<const J&>().dump())>
void require_finite_results(const J& results, const std::string& hint = "") {
    require_finite_results(std::string(results.dump()), hint);
}

}  // namespace dl
