/// @file provenance.hpp
/// @brief Where a run's results come from: the data files it read (with their SHA-256) and the
/// git commit the program was built from. ArgParser::write_run_config() writes both into the
/// run's config.toml, so that a figure can be traced to its inputs and reproduced.
///
/// The data loaders of common/data record every file they read (record_input_file()); a
/// chapter that reads a file by other means records it too.
#pragma once

#include <string>
#include <vector>

namespace dl {

struct InputFile {
    std::string path;    ///< as the program opened it
    std::string sha256;  ///< of the bytes on disk (compressed when the file is .gz)
};

/// Notes that the run read `path`, whose SHA-256 is `sha256` (computed from the file when
/// empty). A file recorded twice is listed once. Thread-safe.
void record_input_file(const std::string& path, const std::string& sha256 = "");

/// The files recorded so far, in the order they were first read.
std::vector<InputFile> input_files();

/// The git commit of the sources this program was built from (40 hex digits, followed by
/// " (with uncommitted changes)" when the work tree differed from it), or "unknown" when
/// they were not a git checkout. Fixed when the program is built (cmake/git_commit.cmake).
const char* git_commit();

}  // namespace dl
