/// @file fuzz_input.hpp
/// @brief What every fuzz target shares: the input as a file, and gzip variants of an input.
///
/// The course's loaders take a path, so a target puts the fuzzer's bytes in a file of its own
/// (in memory, rewritten for each input) and hands the loader that path: the loader is
/// exercised exactly as a chapter program uses it, opening and checking the file included.
///
/// A target's only job is to call the loader and accept dl::Error, the course's one-line
/// rejection of bad input. Anything else — a crash, a sanitizer report, a hang, another
/// exception (std::length_error, std::bad_alloc …), an allocation beyond libFuzzer's limit —
/// is a finding.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "core/error.hpp"

namespace dl::fuzz {

/// Puts `bytes` in this process's in-memory file `name` (created on first use, rewritten for
/// each input) and returns a path that opens it (/proc/self/fd/N): a regular file, as a user's
/// data file is, without a disk write per input.
inline std::string as_file(const std::string& name, const std::string& bytes) {
    static std::map<std::string, int> files;
    auto it = files.find(name);
    if (it == files.end()) {
        const int fd = ::memfd_create(name.c_str(), MFD_CLOEXEC);
        if (fd < 0) std::abort();  // the harness itself failed: not a finding about a loader
        it = files.emplace(name, fd).first;
    }
    const int fd = it->second;
    if (::ftruncate(fd, 0) != 0) std::abort();
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, off_t(done));
        if (n <= 0) std::abort();
        done += std::size_t(n);
    }
    return "/proc/self/fd/" + std::to_string(fd);
}

inline std::string as_file(const std::string& name, const uint8_t* data, std::size_t size) {
    return as_file(name, std::string(reinterpret_cast<const char*>(data), size));
}

/// `raw` compressed as one gzip member at `level` (0-9).
inline std::string gzip(const std::string& raw, int level) {
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        std::abort();
    std::string out(deflateBound(&z, raw.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = static_cast<uInt>(raw.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

/// A gzip file made from the input, so that the fuzzer's mutations of the content reach the
/// loader through a valid stream and the stream itself is damaged in every way that matters.
/// The last bytes of the input choose: the level, what to do (keep the stream whole, cut it at
/// a position, flip a bit at a position, append a second member or garbage), the position.
/// An input that already starts with the gzip magic bytes is used as it is.
inline std::string gzip_variant(const uint8_t* data, std::size_t size) {
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
        return std::string(reinterpret_cast<const char*>(data), size);
    FuzzedDataProvider in(data, size);
    const int level = in.ConsumeIntegralInRange<int>(0, 9);
    const int action = in.ConsumeIntegralInRange<int>(0, 4);
    const uint32_t where = in.ConsumeIntegral<uint32_t>();
    const std::string content = in.ConsumeRemainingBytesAsString();
    std::string gz = gzip(content, level);
    switch (action) {
        case 0: break;                                        // whole
        case 1: gz.resize(where % gz.size()); break;          // truncated anywhere
        case 2: gz[where % gz.size()] ^= char(1u << (where >> 29)); break;  // one bit flipped
        case 3: gz += gzip(content.substr(0, where % (content.size() + 1)), level); break;
        case 4: gz += content.substr(0, where % (content.size() + 1)); break;  // trailing bytes
    }
    return gz;
}

/// An edited copy of `valid` (a file the loader accepts), for loaders whose header random bytes
/// would seldom pass. The first input byte chooses: even, the rest of the input is the file as
/// it is; odd, the file is `valid` with edits read from the rest of the input: a length to cut
/// it to (or none), then (position, byte) pairs, each overwriting one byte.
inline std::string patch_valid(const std::string& valid, const uint8_t* data, std::size_t size) {
    if (size == 0) return valid;
    if ((data[0] & 1) == 0) return std::string(reinterpret_cast<const char*>(data) + 1, size - 1);
    FuzzedDataProvider in(data + 1, size - 1);
    std::string out = valid;
    const uint16_t cut = in.ConsumeIntegral<uint16_t>();
    if (cut & 1) out.resize(std::size_t(cut >> 1) % (valid.size() + 1));
    while (in.remaining_bytes() >= 5 && !out.empty()) {
        const uint32_t at = in.ConsumeIntegral<uint32_t>();
        out[at % out.size()] = static_cast<char>(in.ConsumeIntegral<uint8_t>());
    }
    return out;
}

}  // namespace dl::fuzz
