/// @file text_corpus.cpp
/// @brief UTF-8 decoding, ANSI stripping and the character vocabulary (see text_corpus.hpp).
#include "text_corpus.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "../core/error.hpp"
#include "../io/provenance.hpp"

namespace dl {

namespace {

std::string hex(unsigned char b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", b);
    return buf;
}

[[noreturn]] void bad_utf8(const std::string& what, std::size_t offset, const std::string& why) {
    fail(what, ": not valid UTF-8 at byte offset ", offset, ": ", why,
         " (convert the file to UTF-8, e.g. with iconv)");
}

}  // namespace

//! [decode_utf8]
std::u32string decode_utf8(std::string_view s, const std::string& what) {
    std::u32string out;
    out.reserve(s.size());
    std::size_t k = 0;
    while (k < s.size()) {
        const unsigned char b0 = static_cast<unsigned char>(s[k]);
        if (b0 < 0x80) {  // 0xxxxxxx: ASCII
            out.push_back(b0);
            ++k;
            continue;
        }
        // The length and the first byte's payload; the allowed range of the SECOND byte
        // excludes overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
        int len;
        char32_t c;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2, c = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3, c = b0 & 0x0F;
            if (b0 == 0xE0) lo = 0xA0;
            if (b0 == 0xED) hi = 0x9F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4, c = b0 & 0x07;
            if (b0 == 0xF0) lo = 0x90;
            if (b0 == 0xF4) hi = 0x8F;
        } else if (b0 >= 0x80 && b0 <= 0xBF) {
            bad_utf8(what, k, "byte " + hex(b0) + " is a continuation byte with no lead byte");
        } else {  // C0, C1 (overlong ASCII), F5–FF
            bad_utf8(what, k, "byte " + hex(b0) + " cannot start a character");
        }
        for (int i = 1; i < len; ++i) {
            if (k + i >= s.size())
                bad_utf8(what, k, "the " + std::to_string(len) + "-byte character starting with " +
                                      hex(b0) + " is cut short by the end of the data");
            const unsigned char b = static_cast<unsigned char>(s[k + i]);
            const unsigned char l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
            if (b < l || b > h)
                bad_utf8(what, k + i, "byte " + hex(b) + " does not continue the " +
                                          std::to_string(len) + "-byte character starting with " +
                                          hex(b0) + " at offset " + std::to_string(k));
            c = (c << 6) | (b & 0x3F);
        }
        out.push_back(c);
        k += static_cast<std::size_t>(len);
    }
    return out;
}
//! [decode_utf8]

std::string encode_utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

std::string encode_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (char32_t c : text) out += encode_utf8(c);
    return out;
}

std::string strip_ansi(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (s[k] != '\x1b') {
            out += s[k];
            continue;
        }
        if (k + 1 < s.size() && s[k + 1] == '[') {  // CSI: ESC [ parameters… final byte
            std::size_t j = k + 2;
            while (j < s.size() && !(s[j] >= 0x40 && s[j] <= 0x7E)) ++j;
            k = j;  // the final byte (or the end)
        } else {
            ++k;  // ESC and the one byte after it
        }
    }
    return out;
}

int32_t TextCorpus::id_of(char32_t c) const {
    const auto it = std::lower_bound(vocab.begin(), vocab.end(), c);
    return it != vocab.end() && *it == c ? static_cast<int32_t>(it - vocab.begin()) : -1;
}

double TextCorpus::unigram_entropy() const {
    const double n = static_cast<double>(ids.size());
    double H = 0.0;
    for (int64_t k : counts)
        if (k > 0) H -= (double(k) / n) * std::log(double(k) / n);
    return H;
}

TextCorpus make_text_corpus(std::string_view bytes, const std::string& what) {
    std::string clean = strip_ansi(bytes);
    std::u32string text = decode_utf8(clean, what);
    if (!text.empty() && text[0] == 0xFEFF) text.erase(0, 1);  // byte-order mark
    std::u32string lf;
    lf.reserve(text.size());
    for (std::size_t k = 0; k < text.size(); ++k)
        if (!(text[k] == U'\r' && k + 1 < text.size() && text[k + 1] == U'\n')) lf += text[k];
    DL_CHECK(!lf.empty(), what, ": the text is empty (a character model needs text to learn from)");

    TextCorpus c;
    c.name = what;
    c.vocab.assign(lf.begin(), lf.end());
    std::sort(c.vocab.begin(), c.vocab.end());
    c.vocab.erase(std::unique(c.vocab.begin(), c.vocab.end()), c.vocab.end());
    std::unordered_map<char32_t, int32_t> index;
    for (std::size_t v = 0; v < c.vocab.size(); ++v) index[c.vocab[v]] = static_cast<int32_t>(v);
    c.counts.assign(c.vocab.size(), 0);
    c.ids.reserve(lf.size());
    for (char32_t ch : lf) {
        const int32_t id = index[ch];
        c.ids.push_back(id);
        ++c.counts[static_cast<std::size_t>(id)];
    }
    c.text = std::move(lf);
    return c;
}

TextCorpus load_text_corpus(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    DL_CHECK(fs::exists(path, ec), "cannot read '", path, "': no such file");
    DL_CHECK(!fs::is_directory(path, ec), "cannot read '", path,
             "': it is a folder, expected a UTF-8 text file");
    const auto bytes = fs::file_size(path, ec);
    DL_CHECK(!ec, "cannot read '", path, "': ", ec.message());
    constexpr std::uintmax_t kMax = 512u << 20;
    DL_CHECK(bytes <= kMax, "'", path, "' is ", bytes >> 20, " MB; the character model reads at "
             "most 512 MB (cut the file down)");
    std::ifstream in(path, std::ios::binary);
    DL_CHECK(in.good(), "cannot read '", path, "'");
    std::string data(static_cast<std::size_t>(bytes), '\0');
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    DL_CHECK(in.gcount() == static_cast<std::streamsize>(data.size()), "cannot read '", path,
             "': read ", in.gcount(), " of ", data.size(), " bytes");
    record_input_file(path);  // its SHA-256 goes into the run's config.toml
    return make_text_corpus(data, path);
}

}  // namespace dl
