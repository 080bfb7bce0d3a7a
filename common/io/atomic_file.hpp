/// @file atomic_file.hpp
/// @brief Writing files so that a reader never sees half of one; reading files with bounds.
///
/// The content goes to a file with no name yet in the target's folder (Linux's O_TMPFILE), is
/// flushed to disk, gets a temporary name and is renamed over the target in one step. A run
/// killed at any moment before the rename leaves the old file intact and nothing else: the
/// unnamed file disappears with the process. Only a kill between the two system calls that
/// name the file and rename it (microseconds) can leave a `<name>.tmp.*` file behind. Where
/// the file system has no O_TMPFILE, a named temporary file (mkstemp) is used instead.
/// Test: tests/io/test_atomic_file.cpp (a writer killed with SIGKILL in the middle of a write).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace dl {

/// Writes `content` to `path` atomically; throws dl::Error naming the path and the reason.
void write_file_atomic(const std::string& path, const std::string& content);

/// Throws dl::Error when `path` exists and `overwrite` is false ("'model.bin' already exists:
/// refusing to overwrite it (add --force to replace it)"), or when its folder is missing; does
/// nothing for an empty path. Programs call it before they start the work whose result goes
/// there, so that the refusal does not come after an hour of training.
void check_new_file(const std::string& path, bool overwrite);

/// Reads a whole file; throws dl::Error naming the path when it cannot be read, is not a
/// regular file (a folder, a device such as /dev/zero, a pipe), or is longer than `max_bytes`
/// (checked against its length before reading it).
std::string read_file(const std::string& path,
                      std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

/// The length of the open file `fd`; throws dl::Error naming `path` when it is not a regular
/// file, saying what it is instead ("a folder", "a character device", "a pipe" …).
uint64_t regular_file_size(int fd, const std::string& path);

/// `dir` + "/" + `name` (or `name` when dir is empty).
std::string join_path(const std::string& dir, const std::string& name);

namespace detail {
/// Test seam: when set, write_file_atomic calls it after each chunk (1 MiB) it has written to
/// the file that has no name yet, with the bytes written so far and the total. The crash test
/// stops the writing process there and kills it.
extern void (*atomic_write_progress)(std::size_t written, std::size_t total);
}  // namespace detail

}  // namespace dl
