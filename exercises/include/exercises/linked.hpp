/// @file linked.hpp
/// @brief Which implementation of its chapter's exercises a chapter program runs.
///
/// A chapter program links either the reference solutions (solutions/chNN, where present) or
/// the student's files (the `_mine` program, and the plain one in a copy without solutions/).
/// dl_add_chapter (cmake/DlChapter.cmake) compiles each program's main.cpp with DL_EXERCISES_RUN
/// saying which, and main() prints it at start-up:
///
///     Exercises: the reference solutions (solutions/ch02)
///     Exercises: your code (exercises/ch02)
///
/// Call linked() from main.cpp only: the chapter's other files are compiled once for both
/// programs.
#pragma once

#ifndef DL_EXERCISES_RUN
#define DL_EXERCISES_RUN "none (this program has no graded exercises)"
#endif

namespace dl::exercises {

/// In words, the exercise implementations this program was linked with.
inline const char* linked() { return DL_EXERCISES_RUN; }

}  // namespace dl::exercises
