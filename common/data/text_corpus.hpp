/// @file text_corpus.hpp
/// @brief A UTF-8 text as a sequence of character ids: the data of a character-level language
/// model.
///
///     TextCorpus c = load_text_corpus("/usr/share/games/fortunes/tang300");
///     c.vocab      // the distinct characters (code points), in code-point order
///     c.ids        // the text, one id per character: c.vocab[c.ids[k]] is character k
///
/// Loading is strict, because a language model trained on mis-decoded bytes learns garbage
/// silently:
///
/// - the bytes must be valid UTF-8 (RFC 3629: no overlong forms, no UTF-16 surrogates, nothing
///   above U+10FFFF, no sequence cut short); the first invalid byte is reported with its offset,
///   e.g. `poems.txt: not valid UTF-8 at byte offset 1234: byte 0xFF cannot start a character`;
/// - ANSI terminal escape sequences (ESC [ … letter, as the colour codes of Debian's fortune
///   files) are removed before decoding; a byte-order mark at the start is dropped and Windows
///   line ends ("\r\n") become "\n";
/// - an empty text is an error.
///
/// The functions below are small and free of state so that they can be fuzzed on arbitrary
/// bytes: they either return or throw dl::Error, nothing else.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dl {

/// The code points of `bytes`; throws dl::Error "<what>: not valid UTF-8 at byte offset N: …".
std::u32string decode_utf8(std::string_view bytes, const std::string& what);
/// The UTF-8 bytes of code points (valid ones: < 0x110000, not surrogates).
std::string encode_utf8(std::u32string_view text);
std::string encode_utf8(char32_t c);

/// `bytes` without ANSI escape sequences: ESC '[' parameters… final byte (0x40–0x7E), and ESC
/// followed by one other byte. An ESC at the very end is dropped.
std::string strip_ansi(std::string_view bytes);

struct TextCorpus {
    std::string name;               ///< where it came from (the path)
    std::u32string text;            ///< the cleaned, decoded text
    std::vector<char32_t> vocab;    ///< distinct characters, by code point
    std::vector<int32_t> ids;       ///< text[k] == vocab[ids[k]]
    std::vector<int64_t> counts;    ///< occurrences of each vocab entry

    int64_t size() const { return static_cast<int64_t>(ids.size()); }
    int64_t vocab_size() const { return static_cast<int64_t>(vocab.size()); }
    /// The id of character c, or −1 when the text does not contain it.
    int32_t id_of(char32_t c) const;
    /// The entropy of the characters' frequencies in nats, −Σ_v p_v·log p_v: the loss per
    /// character of the best model that ignores the context (a unigram model).
    double unigram_entropy() const;
};

/// Cleans and decodes `bytes` (rules above) into a corpus named `what`.
TextCorpus make_text_corpus(std::string_view bytes, const std::string& what);
/// Reads the file at `path` (at most 512 MB) and makes a corpus of it; throws dl::Error naming
/// the path when it cannot be read, is a folder, is too large, empty or not UTF-8.
TextCorpus load_text_corpus(const std::string& path);

}  // namespace dl
