#include "atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/error.hpp"

namespace dl {

namespace {
bool g_writes_files = true;
}

bool writes_files() { return g_writes_files; }
void set_writes_files(bool on) { g_writes_files = on; }

void write_file_atomic(const std::string& path, const std::string& content) {
    if (!g_writes_files) return;  // a data-parallel rank other than 0 (dist/world.hpp)
    std::string tmp = path + ".tmp.XXXXXX";
    int fd = ::mkstemp(tmp.data());
    DL_CHECK(fd >= 0, "cannot write '", path, "': ", std::strerror(errno));
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            fail("cannot write '", path, "': ", std::strerror(err));
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail("cannot write '", path, "': ", std::strerror(err));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail("cannot write '", path, "': ", std::strerror(err));
    }
}

void check_new_file(const std::string& path, bool overwrite) {
    if (path.empty() || !g_writes_files) return;
    struct stat st;
    DL_CHECK(overwrite || ::stat(path.c_str(), &st) != 0, "'", path,
             "' already exists: refusing to overwrite it (add --force to replace it)");
    const std::string::size_type slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    DL_CHECK(::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode), "cannot write '", path,
             "': the folder '", dir, "' does not exist");
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    DL_CHECK(in.good(), "cannot read '", path, "': ", std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string join_path(const std::string& dir, const std::string& name) {
    if (dir.empty()) return name;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

}  // namespace dl
