/// @file kill_during_write.hpp
/// @brief For crash tests: run a write in a child process and kill it (SIGKILL) mid-write.
///
/// The window is hit deterministically, not by timing: the child sets the atomic writer's test
/// seam (dl::detail::atomic_write_progress), which tells the parent through a pipe when the
/// first chunk has gone to the file that has no name yet and then waits forever; the parent
/// kills it there. Nothing after that point in the writer runs.
#pragma once

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include "io/atomic_file.hpp"

namespace dl::test {

namespace detail {
inline int& kill_pipe() {
    static int fd = -1;
    return fd;
}
inline void stop_mid_write(std::size_t, std::size_t) {
    const char c = 'w';
    if (::write(kill_pipe(), &c, 1) != 1) ::_exit(3);
    for (;;) ::pause();  // the parent's SIGKILL ends this
}
}  // namespace detail

/// Forks; the child runs `write` (which writes through dl::write_file_atomic) and is killed
/// with SIGKILL in the middle of it. Returns true when the child died of that SIGKILL.
inline bool kill_during_atomic_write(const std::function<void()>& write) {
    int fds[2];
    if (::pipe(fds) != 0) return false;
    const pid_t pid = ::fork();
    if (pid < 0) return false;
    if (pid == 0) {
        ::close(fds[0]);
        detail::kill_pipe() = fds[1];
        dl::detail::atomic_write_progress = &detail::stop_mid_write;
        try {
            write();
        } catch (...) {
            ::_exit(2);
        }
        ::_exit(1);  // the write finished: the seam was never reached
    }
    ::close(fds[1]);
    char c = 0;
    const bool mid_write = ::read(fds[0], &c, 1) == 1;
    ::close(fds[0]);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return mid_write && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/// The names of the entries of `dir`.
inline std::set<std::string> folder_entries(const std::string& dir) {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        names.insert(e.path().filename().string());
    return names;
}

}  // namespace dl::test
