/// @file atomic_file.cpp
/// @brief Atomic writes through an unnamed file, and bounded reads (see atomic_file.hpp).
#include "atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/error.hpp"

namespace dl {

namespace detail {
void (*atomic_write_progress)(std::size_t written, std::size_t total) = nullptr;
}

namespace {

constexpr std::size_t kChunk = std::size_t(1) << 20;

std::string folder_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

/// Writes all of `content` to fd in chunks; returns 0 or the errno of the failure.
int write_all(int fd, const std::string& content) {
    std::size_t done = 0;
    while (done < content.size()) {
        const std::size_t want = std::min(kChunk, content.size() - done);
        const ssize_t n = ::write(fd, content.data() + done, want);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += static_cast<std::size_t>(n);
        if (detail::atomic_write_progress) detail::atomic_write_progress(done, content.size());
    }
    return 0;
}

/// Flushes the folder's entry of a rename to disk (best effort: not every file system can).
void sync_folder(const std::string& dir) {
    const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d >= 0) {
        ::fsync(d);
        ::close(d);
    }
}

[[noreturn]] void write_failed(const std::string& path, int err) {
    fail("cannot write '", path, "': ", std::strerror(err));
}

/// The unnamed-file route: returns false (having changed nothing) when the file system or the
/// system cannot do it, so the caller falls back to a named temporary file.
bool write_through_unnamed_file(const std::string& path, const std::string& content) {
#ifdef O_TMPFILE
    const std::string dir = folder_of(path);
    const int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) return false;
        write_failed(path, errno);
    }
    int err = write_all(fd, content);
    if (err == 0 && (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0)) err = errno;
    if (err != 0) {
        ::close(fd);  // the unnamed file vanishes with its last descriptor
        write_failed(path, err);
    }
    // Give the finished file a temporary name, then rename it over the target.
    const std::string proc = "/proc/self/fd/" + std::to_string(fd);
    std::string tmp;
    for (int attempt = 0;; ++attempt) {
        tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(attempt);
        if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) == 0) break;
        if (errno == EEXIST && attempt < 100) continue;
        ::close(fd);
        if (errno == ENOENT) return false;  // no /proc: use a named temporary file
        write_failed(path, errno);
    }
    ::close(fd);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        err = errno;
        ::unlink(tmp.c_str());
        write_failed(path, err);
    }
    sync_folder(dir);
    return true;
#else
    (void)path;
    (void)content;
    return false;
#endif
}

}  // namespace

void write_file_atomic(const std::string& path, const std::string& content) {
    if (write_through_unnamed_file(path, content)) return;
    std::string tmp = path + ".tmp.XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) write_failed(path, errno);
    int err = write_all(fd, content);
    if (err == 0 && (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0)) err = errno;
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err == 0 && std::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
    if (err != 0) {
        ::unlink(tmp.c_str());
        write_failed(path, err);
    }
    sync_folder(folder_of(path));
}

void check_new_file(const std::string& path, bool overwrite) {
    if (path.empty()) return;
    struct stat st;
    DL_CHECK(overwrite || ::stat(path.c_str(), &st) != 0, "'", path,
             "' already exists: refusing to overwrite it (add --force to replace it)");
    const std::string dir = folder_of(path);
    DL_CHECK(::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode), "cannot write '", path,
             "': the folder '", dir, "' does not exist");
}


uint64_t regular_file_size(int fd, const std::string& path) {
    struct stat st;
    DL_CHECK(::fstat(fd, &st) == 0, "cannot read '", path, "': ", std::strerror(errno));
    if (S_ISREG(st.st_mode)) return static_cast<uint64_t>(st.st_size);
    const char* what = S_ISDIR(st.st_mode)    ? "a folder"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISFIFO(st.st_mode) ? "a pipe"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "not a regular file";
    fail("cannot read '", path, "': it is ", what, ", not a regular file (give the path of a file)");
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
    // O_NONBLOCK: opening a pipe must not wait for a writer before it is refused.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    DL_CHECK(fd >= 0, "cannot read '", path, "': ", std::strerror(errno));
    std::string out;
    try {
        const uint64_t size = regular_file_size(fd, path);
        DL_CHECK(size <= max_bytes, "cannot read '", path, "': it is ", size,
                 " bytes long, more than the ", max_bytes, " expected");
        out.resize(static_cast<std::size_t>(size));
        std::size_t got = 0;
        while (got < out.size()) {
            const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
            if (n < 0 && errno == EINTR) continue;
            DL_CHECK(n >= 0, "cannot read '", path, "': ", std::strerror(errno));
            if (n == 0) break;  // the file shrank while being read
            got += static_cast<std::size_t>(n);
        }
        out.resize(got);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    return out;
}

std::string join_path(const std::string& dir, const std::string& name) {
    if (dir.empty()) return name;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

}  // namespace dl
