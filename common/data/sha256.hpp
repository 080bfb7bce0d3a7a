/// @file sha256.hpp
/// @brief SHA-256 through OpenSSL's EVP digest interface: data files are checked against
/// known digests before they are trusted, and a run records the digest of every file it read.
///
///     Sha256 h;
///     h.update(bytes, n);      // as many times as needed (streaming)
///     std::string hex = h.hex_digest();
///
/// Test: tests/data/test_idx.cpp (the standard test vectors "", "abc" and the 56-byte message).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace dl {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    /// Feeds n more bytes of the message.
    void update(const void* data, std::size_t n);
    /// Finishes the message and returns the 32-byte digest (the object is then spent).
    std::array<uint8_t, 32> digest();
    /// The digest as 64 lowercase hexadecimal characters.
    std::string hex_digest();

private:
    void* ctx_;  // EVP_MD_CTX (kept out of this header)
    bool finished_ = false;
};

/// The SHA-256 of a string, as hex (convenience for tests and small files).
std::string sha256_hex(const std::string& bytes);

/// The SHA-256 of a whole file, as hex; throws dl::Error naming the path when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace dl
