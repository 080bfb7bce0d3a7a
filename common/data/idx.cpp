/// @file idx.cpp
/// @brief IDX reader: streams the file once, hashing the stored bytes and inflating gzip.
#include "idx.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "../core/error.hpp"
#include "sha256.hpp"
#include "../io/provenance.hpp"

namespace dl {

namespace {

/// Reads the decompressed bytes of a file in order, hashing the stored bytes on the way.
class ByteStream {
public:
    explicit ByteStream(const std::string& path) : path_(path), raw_(1 << 16), in_pos_(0) {
        f_ = std::fopen(path.c_str(), "rb");
        DL_CHECK(f_, "cannot read '", path, "': ", std::strerror(errno));
        fill_raw();
        gzip_ = raw_len_ >= 2 && raw_[0] == 0x1f && raw_[1] == 0x8b;
        if (gzip_) {
            std::memset(&z_, 0, sizeof z_);
            // 16 + MAX_WBITS: expect a gzip header and trailer (CRC-32 and length checked).
            DL_CHECK(inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK, "'", path, "': zlib init failed");
            z_open_ = true;
        }
    }
    ~ByteStream() {
        if (z_open_) inflateEnd(&z_);
        if (f_) std::fclose(f_);
    }

    /// Reads up to n bytes; returns how many (fewer only at the end of the data).
    std::size_t read(uint8_t* dst, std::size_t n) {
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
                // A gzip file may hold several members one after another.
                if (in_pos_ == raw_len_ && !fill_raw()) break;
                DL_CHECK(inflateReset(&z_) == Z_OK, "'", path_, "': zlib reset failed");
                stream_end_ = false;
            }
            if (in_pos_ == raw_len_ && !fill_raw())
                fail("'", path_, "': gzip data ends early (truncated file)");
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
                fail("'", path_, "': gzip error: ", z_.msg ? z_.msg : "corrupt data",
                     " (damaged file; download it again)");
            }
        }
        return got;
    }

    /// Reads and hashes the rest of the stored file; returns how many decompressed bytes
    /// were left unread (0 for a file exactly as long as its header says).
    uint64_t drain() {
        uint64_t extra = 0;
        uint8_t tmp[4096];
        std::size_t n;
        while ((n = read(tmp, sizeof tmp)) > 0) extra += n;
        while (fill_raw()) {
        }
        return extra;
    }

    std::string sha256() { return sha_.hex_digest(); }

private:
    bool fill_raw() {
        if (!f_) return false;
        raw_len_ = std::fread(raw_.data(), 1, raw_.size(), f_);
        in_pos_ = 0;
        if (raw_len_ == 0) {
            DL_CHECK(!std::ferror(f_), "error while reading '", path_, "'");
            return false;
        }
        sha_.update(raw_.data(), raw_len_);
        return true;
    }

    std::string path_;
    std::FILE* f_ = nullptr;
    std::vector<uint8_t> raw_;
    std::size_t raw_len_ = 0, in_pos_ = 0;
    bool gzip_ = false, z_open_ = false, stream_end_ = false;
    z_stream z_;
    Sha256 sha_;
};

}  // namespace

IdxArray read_idx(const std::string& path) {
    ByteStream in(path);
    uint8_t magic[4];
    DL_CHECK(in.read(magic, 4) == 4, "'", path, "' is not an IDX file: shorter than its 4-byte magic number");
    DL_CHECK(magic[0] == 0 && magic[1] == 0, "'", path,
             "' is not an IDX file: wrong magic number (first bytes ", int(magic[0]), " ",
             int(magic[1]), ", expected 0 0)");
    DL_CHECK(magic[2] == 0x08, "'", path, "': IDX element type 0x", std::hex, int(magic[2]),
             std::dec, " is not supported (expected 0x08, unsigned bytes)");
    const int rank = magic[3];
    DL_CHECK(rank >= 1 && rank <= 4, "'", path, "': IDX rank ", rank, " is not supported (expected 1 to 4)");
    IdxArray out;
    int64_t total = 1;
    for (int i = 0; i < rank; ++i) {
        uint8_t s[4];
        DL_CHECK(in.read(s, 4) == 4, "'", path, "': the file ends inside its header (", rank,
                 " sizes expected)");
        const int64_t d = int64_t(s[0]) << 24 | int64_t(s[1]) << 16 | int64_t(s[2]) << 8 | s[3];
        DL_CHECK(d > 0, "'", path, "': dimension ", i, " has size 0");
        out.dims.push_back(d);
        total *= d;
        DL_CHECK(total <= (int64_t(1) << 32), "'", path, "': the header's sizes give more than 4 GiB of data");
    }
    out.data.resize(static_cast<std::size_t>(total));
    const std::size_t got = in.read(out.data.data(), out.data.size());
    DL_CHECK(got == out.data.size(), "'", path, "': the header says ", total,
             " bytes of data, the file holds only ", got, " (truncated file?)");
    const uint64_t extra = in.drain();
    DL_CHECK(extra == 0, "'", path, "': the header says ", total, " bytes of data, the file holds ",
             extra, " more (sizes disagree with the file length)");
    out.sha256 = in.sha256();
    record_input_file(path, out.sha256);  // for the run's config.toml
    return out;
}

}  // namespace dl
