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

/// Throws dl::Error when `path` exists and `overwrite` is false ("'model.bin' already exists:
/// refusing to overwrite it (add --force to replace it)"), or when its folder is missing; does
/// nothing for an empty path. Programs call it before they start the work whose result goes
/// there, so that the refusal does not come after an hour of training.
void check_new_file(const std::string& path, bool overwrite);

/// Reads a whole file; throws dl::Error naming the path when it cannot be read.
std::string read_file(const std::string& path);

/// Whether this process writes files (true unless set). In a data-parallel run every rank
/// computes the same results and only rank 0 saves them: dist::init() turns writing off on the
/// other ranks, and there write_file_atomic() and check_new_file() return without touching the
/// disk (so a rank never refuses to "overwrite" the file rank 0 has just written).
bool writes_files();
void set_writes_files(bool on);

/// `dir` + "/" + `name` (or `name` when dir is empty).
std::string join_path(const std::string& dir, const std::string& name);

}  // namespace dl
