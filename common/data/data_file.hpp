/// @file data_file.hpp
/// @brief dl::DataFile: reading a data file once, front to back, gzip inflated on the way.
///
/// Every loader of the course (CSV, IDX) opens its file through this class, so the checks that
/// keep bad input from crashing a program or passing silently live in one place:
///
/// - only a regular file is read: a folder, a device such as /dev/zero (which never ends) or a
///   pipe is refused with a message, because the loaders compare sizes with the file's length;
/// - gzip is recognised from the content (the magic bytes 1f 8b), not from the name, and
///   inflated as it is read; a stream that ends early ("unexpected end of file", a cut
///   download), a damaged stream or a wrong CRC-32 is an error naming the file, never a
///   silently shorter file;
/// - a caller that wants to hash the file as stored (for a checksum) gets each stored chunk.
///
///     DataFile f("datasets/digits.csv.gz");
///     const std::string text = f.read_all(1 << 30);  // throws beyond 1 GiB of text
///
/// Test: tests/data/test_data_file.cpp (crafted files: cut gzip, /dev/zero, a folder).
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace dl {

class DataFile {
public:
    /// Called with every chunk of the file as stored (compressed when gzip), in order.
    using StoredBytes = std::function<void(const uint8_t* bytes, std::size_t n)>;

    /// Opens `path` for reading. Throws dl::Error naming the path when it cannot be opened or is
    /// not a regular file (it says what it is: a folder, a device, a pipe).
    explicit DataFile(const std::string& path, StoredBytes on_stored = nullptr);
    ~DataFile();
    DataFile(const DataFile&) = delete;
    DataFile& operator=(const DataFile&) = delete;

    const std::string& path() const { return path_; }
    /// The file's length on disk (compressed bytes when gzip).
    uint64_t stored_size() const { return stored_size_; }
    /// Whether the content is gzip (it starts with the bytes 1f 8b).
    bool gzip() const { return gzip_; }

    /// Reads up to n bytes of content (inflated when gzip); returns how many, fewer than n only
    /// at the end of the content. Throws dl::Error for a truncated or damaged gzip stream.
    std::size_t read(uint8_t* dst, std::size_t n);

    /// The rest of the content as a string; throws dl::Error naming the file when it holds more
    /// than `max_bytes` (after inflating), before holding more than that in memory.
    std::string read_all(std::size_t max_bytes);

    /// Reads the rest of the file (so that every stored byte was seen) and returns how many
    /// bytes of content were left unread: 0 when the caller read everything.
    uint64_t drain();

private:
    bool fill_raw();

    std::string path_;
    StoredBytes on_stored_;
    std::FILE* f_ = nullptr;
    uint64_t stored_size_ = 0;
    std::vector<uint8_t> raw_;
    std::size_t raw_len_ = 0, in_pos_ = 0;
    bool gzip_ = false, z_open_ = false, stream_end_ = false;
    z_stream z_{};
};

}  // namespace dl
