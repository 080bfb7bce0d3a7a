/// @file sha256.cpp
/// @brief dl::Sha256 on OpenSSL's EVP_sha256().
#include "sha256.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "../core/error.hpp"

namespace dl {

namespace {
EVP_MD_CTX* ctx_of(void* p) { return static_cast<EVP_MD_CTX*>(p); }
}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    DL_CHECK(ctx_ != nullptr, "sha256: OpenSSL could not allocate a digest context");
    if (EVP_DigestInit_ex(ctx_of(ctx_), EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx_of(ctx_));
        fail("sha256: OpenSSL could not start a SHA-256 digest");
    }
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_of(ctx_)); }

void Sha256::update(const void* data, std::size_t n) {
    DL_CHECK(!finished_, "Sha256::update after digest()");
    DL_CHECK(n == 0 || EVP_DigestUpdate(ctx_of(ctx_), data, n) == 1, "sha256: OpenSSL update failed");
}

std::array<uint8_t, 32> Sha256::digest() {
    DL_CHECK(!finished_, "Sha256::digest called twice");
    finished_ = true;
    std::array<uint8_t, 32> out{};
    unsigned int len = 0;
    DL_CHECK(EVP_DigestFinal_ex(ctx_of(ctx_), out.data(), &len) == 1 && len == out.size(),
             "sha256: OpenSSL could not finish the digest");
    return out;
}

std::string Sha256::hex_digest() {
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (uint8_t b : digest()) {
        s += hex[b >> 4];
        s += hex[b & 15];
    }
    return s;
}

std::string sha256_hex(const std::string& bytes) {
    Sha256 h;
    h.update(bytes.data(), bytes.size());
    return h.hex_digest();
}

std::string sha256_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    DL_CHECK(f != nullptr, "cannot read '", path, "': ", std::strerror(errno));
    Sha256 h;
    std::vector<char> buf(1 << 16);
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) h.update(buf.data(), n);
    const bool bad = std::ferror(f) != 0;
    std::fclose(f);
    DL_CHECK(!bad, "cannot read '", path, "': read error");
    return h.hex_digest();
}

}  // namespace dl
