/// @file error.hpp
/// @brief The course's one exception type and the checks that throw it.
///
/// Every check in the course stays on in Release builds: a wrong shape or a bad file is a
/// user's mistake to be reported, never undefined behaviour. A check names what was expected
/// and what was found, for example
///
///     matmul: inner dimensions differ: A is [3 x 4], B is [5 x 2] (expected B.rows == 4)
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace dl {

/// The exception every course check throws. Programs catch it in `main`, print `what()` on one
/// line and exit with status 1 (runtime) or 2 (usage, see UsageError).
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// A mistake on the command line: programs exit with status 2 for it.
class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(message) {}
};

namespace detail {
inline void append(std::ostringstream&) {}
template <class T, class... Rest>
void append(std::ostringstream& os, const T& first, const Rest&... rest) {
    os << first;
    append(os, rest...);
}
}  // namespace detail

/// Concatenates its arguments with `operator<<` into one string.
template <class... Args>
std::string cat(const Args&... args) {
    std::ostringstream os;
    detail::append(os, args...);
    return os.str();
}

/// Throws dl::Error with the concatenated arguments.
template <class... Args>
[[noreturn]] void fail(const Args&... args) {
    throw Error(cat(args...));
}

}  // namespace dl

/// Checks a condition in every build type; on failure throws dl::Error whose message is the
/// remaining arguments streamed together.
#define DL_CHECK(cond, ...)                 \
    do {                                    \
        if (!(cond)) ::dl::fail(__VA_ARGS__); \
    } while (0)

namespace dl {

/// Thrown by an exercise the student has not written yet: "not implemented: ch01.mp_neuron".
class NotImplemented : public Error {
public:
    explicit NotImplemented(const std::string& exercise)
        : Error("not implemented: " + exercise) {}
};

}  // namespace dl
