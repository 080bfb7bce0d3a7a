/// @file data_file.cpp
/// @brief Reading a data file with gzip inflated on the way (see data_file.hpp).
#include "data_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "../core/error.hpp"
#include "../io/atomic_file.hpp"

namespace dl {

DataFile::DataFile(const std::string& path, StoredBytes on_stored)
    : path_(path), on_stored_(std::move(on_stored)), raw_(1 << 16) {
    // O_NONBLOCK: a pipe is refused below instead of waiting for a writer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    DL_CHECK(fd >= 0, "cannot read '", path, "': ", std::strerror(errno));
    try {
        stored_size_ = regular_file_size(fd, path);
    } catch (...) {
        ::close(fd);
        throw;
    }
    f_ = ::fdopen(fd, "rb");
    if (!f_) {
        const int err = errno;
        ::close(fd);
        fail("cannot read '", path, "': ", std::strerror(err));
    }
    try {
        fill_raw();
        gzip_ = raw_len_ >= 2 && raw_[0] == 0x1f && raw_[1] == 0x8b;
        if (gzip_) {
            // 16 + MAX_WBITS: a gzip header and trailer (CRC-32 and length are checked).
            DL_CHECK(inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK, "'", path, "': zlib init failed");
            z_open_ = true;
        }
    } catch (...) {
        std::fclose(f_);  // the destructor does not run for an object never constructed
        throw;
    }
}

DataFile::~DataFile() {
    if (z_open_) inflateEnd(&z_);
    if (f_) std::fclose(f_);
}

bool DataFile::fill_raw() {
    raw_len_ = std::fread(raw_.data(), 1, raw_.size(), f_);
    in_pos_ = 0;
    if (raw_len_ == 0) {
        DL_CHECK(!std::ferror(f_), "error while reading '", path_, "': ", std::strerror(errno));
        return false;
    }
    if (on_stored_) on_stored_(raw_.data(), raw_len_);
    return true;
}

std::size_t DataFile::read(uint8_t* dst, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
        if (!gzip_) {
            if (in_pos_ == raw_len_ && !fill_raw()) break;
            const std::size_t take = std::min(n - got, raw_len_ - in_pos_);
            std::memcpy(dst + got, raw_.data() + in_pos_, take);
            in_pos_ += take;
            got += take;
            continue;
        }
        if (stream_end_) {
            // A gzip file may hold several members one after another; the content ends with
            // the file, and anything after the last member must be another member.
            if (in_pos_ == raw_len_ && !fill_raw()) break;
            DL_CHECK(inflateReset(&z_) == Z_OK, "'", path_, "': zlib reset failed");
            stream_end_ = false;
        }
        if (in_pos_ == raw_len_ && !fill_raw())
            fail("'", path_, "': the gzip data ends early (unexpected end of file: the file "
                 "is truncated; copy or download it again)");
        z_.next_in = raw_.data() + in_pos_;
        z_.avail_in = static_cast<uInt>(raw_len_ - in_pos_);
        z_.next_out = dst + got;
        z_.avail_out = static_cast<uInt>(std::min<std::size_t>(n - got, 1u << 30));
        const uInt before_out = z_.avail_out;
        const int rc = inflate(&z_, Z_NO_FLUSH);
        got += before_out - z_.avail_out;
        in_pos_ = raw_len_ - z_.avail_in;
        if (rc == Z_STREAM_END) {
            stream_end_ = true;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            fail("'", path_, "': damaged gzip data (", z_.msg ? z_.msg : "corrupt stream",
                 "): copy or download the file again");
        }
    }
    return got;
}

std::string DataFile::read_all(std::size_t max_bytes) {
    std::string out;
    // Plain files are read in one piece of their known length; gzip grows chunk by chunk.
    if (!gzip_ && stored_size_ <= max_bytes) out.reserve(static_cast<std::size_t>(stored_size_));
    std::vector<uint8_t> chunk(1 << 16);
    for (;;) {
        const std::size_t n = read(chunk.data(), chunk.size());
        if (n == 0) break;
        DL_CHECK(out.size() + n <= max_bytes, "'", path_, "' holds more than ", max_bytes,
                 " bytes", gzip_ ? " once decompressed" : "", ": too large for this loader");
        out.append(reinterpret_cast<const char*>(chunk.data()), n);
    }
    return out;
}

uint64_t DataFile::drain() {
    uint64_t extra = 0;
    uint8_t tmp[4096];
    std::size_t n;
    while ((n = read(tmp, sizeof tmp)) > 0) extra += n;
    while (fill_raw()) {
    }
    return extra;
}

}  // namespace dl
