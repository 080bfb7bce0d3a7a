/// @file atomic_file.hpp
/// @brief Writing files so that a reader never sees half of one.
///
/// The content goes to a temporary file in the same folder, is flushed to disk, and is renamed
/// over the target in one step: an interrupted run leaves the old file intact.
#pragma once

#include <string>

namespace dl {

/// Writes `content` to `path` atomically; throws dl::Error naming the path and the reason.
void write_file_atomic(const std::string& path, const std::string& content);

/// Reads a whole file; throws dl::Error naming the path when it cannot be read.
std::string read_file(const std::string& path);

/// `dir` + "/" + `name` (or `name` when dir is empty).
std::string join_path(const std::string& dir, const std::string& name);

}  // namespace dl
