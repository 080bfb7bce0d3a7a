// The text corpus of the character model (data/text_corpus.hpp): UTF-8 decoded strictly, every
// kind of invalid input reported with its byte offset, ANSI colour codes removed, the vocabulary
// and the unigram entropy computed by hand, and Debian's tang300 when it is installed.
#include "data/text_corpus.hpp"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {

/// The message of the dl::Error that decoding `bytes` throws ("" when it does not throw).
std::string error_of(const std::string& bytes) {
    try {
        decode_utf8(bytes, "t.txt");
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST(Utf8, DecodesOneToFourBytes) {
    // "aé春😀": U+0061 (1 byte), U+00E9 (2), U+6625 (3), U+1F600 (4).
    const std::u32string t = decode_utf8("a\xC3\xA9\xE6\x98\xA5\xF0\x9F\x98\x80", "t");
    EXPECT_EQ(t, (std::u32string{0x61, 0xE9, 0x6625, 0x1F600}));
    EXPECT_EQ(encode_utf8(t), "a\xC3\xA9\xE6\x98\xA5\xF0\x9F\x98\x80");
    // The extremes of each length decode and encode back.
    for (char32_t c : {0x0u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xD7FFu, 0xE000u, 0xFFFFu, 0x10000u,
                       0x10FFFFu})
        EXPECT_EQ(decode_utf8(encode_utf8(c), "t"), std::u32string(1, c)) << std::hex << c;
}

TEST(Utf8, InvalidInputNamesTheByteOffset) {
    EXPECT_TRUE(has(error_of("ab\xFF"), "t.txt: not valid UTF-8 at byte offset 2: byte 0xFF "
                                        "cannot start a character"));
    EXPECT_TRUE(has(error_of("\x80"), "offset 0: byte 0x80 is a continuation byte"));
    EXPECT_TRUE(has(error_of("\xC0\xAF"), "offset 0: byte 0xC0 cannot start"));      // overlong '/'
    EXPECT_TRUE(has(error_of("xy\xE0\x80\x80"), "offset 3: byte 0x80 does not continue"));  // overlong
    EXPECT_TRUE(has(error_of("\xED\xA0\x80"), "offset 1: byte 0xA0 does not continue"));  // surrogate
    EXPECT_TRUE(has(error_of("\xF4\x90\x80\x80"), "offset 1"));                    // above U+10FFFF
    EXPECT_TRUE(has(error_of("\xF5\x80\x80\x80"), "byte 0xF5 cannot start"));
    EXPECT_TRUE(has(error_of("ok\xE6\x98"), "offset 2: the 3-byte character starting with 0xE6 "
                                            "is cut short by the end of the data"));
    EXPECT_TRUE(has(error_of("\xE6\x98" "A"), "offset 2: byte 0x41 does not continue the 3-byte "
                                             "character starting with 0xE6 at offset 0"));
    EXPECT_TRUE(has(error_of("\xFF"), "convert the file to UTF-8"));
    EXPECT_EQ(error_of("plain ASCII\n"), "");
}

TEST(Ansi, ColourCodesAreRemoved) {
    // The form of Debian's fortune files: ESC[32m … ESC[m around a title.
    EXPECT_EQ(strip_ansi("\x1b[32m\xE3\x80\x8A" "T\xE3\x80\x8B\x1b[m\nline"),
              "\xE3\x80\x8AT\xE3\x80\x8B\nline");
    EXPECT_EQ(strip_ansi("a\x1b[1;31mb\x1b" "cd\x1b"), "abd");  // CSI, ESC + one byte, ESC at end
    EXPECT_EQ(strip_ansi("\x1b[12"), "");                       // an unfinished sequence
}

TEST(TextCorpus, VocabularyIdsAndUnigramEntropy) {
    // "abca\r\n" → "abca\n" (CRLF to LF), BOM dropped: vocab {'\n', a, b, c}, counts 1, 2, 1, 1;
    // H = −(2/5)·log(2/5) − 3·(1/5)·log(1/5) = 0.3665 + 0.9657 = 1.3322 nats.
    const TextCorpus c = make_text_corpus("\xEF\xBB\xBF" "abca\r\n", "t");
    EXPECT_EQ(c.text, U"abca\n");
    EXPECT_EQ(c.vocab, (std::vector<char32_t>{U'\n', U'a', U'b', U'c'}));
    EXPECT_EQ(c.ids, (std::vector<int32_t>{1, 2, 3, 1, 0}));
    EXPECT_EQ(c.counts, (std::vector<int64_t>{1, 2, 1, 1}));
    EXPECT_EQ(c.id_of(U'c'), 3);
    EXPECT_EQ(c.id_of(U'z'), -1);
    EXPECT_NEAR(c.unigram_entropy(), -0.4 * std::log(0.4) - 0.6 * std::log(0.2), 1e-12);
    EXPECT_NEAR(c.unigram_entropy(), 1.3321790402101223, 1e-12);
}

TEST(TextCorpus, EmptyFolderAndMissingFilesAreNamed) {
    EXPECT_THROW(make_text_corpus("\x1b[32m\x1b[m", "t"), Error);  // nothing but colour codes
    const auto dir = std::filesystem::temp_directory_path() /
                     ("dl_text_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    try {
        load_text_corpus(dir.string());
        ADD_FAILURE() << "a folder was read";
    } catch (const Error& e) {
        EXPECT_TRUE(has(e.what(), "it is a folder")) << e.what();
    }
    const std::string bad = (dir / "latin1.txt").string();
    std::ofstream(bad, std::ios::binary) << "caf\xE9 au lait";
    try {
        load_text_corpus(bad);
        ADD_FAILURE() << "Latin-1 accepted";
    } catch (const Error& e) {
        EXPECT_TRUE(has(e.what(), "latin1.txt: not valid UTF-8 at byte offset 4: byte 0x20 does not continue")) << e.what();
    }
    std::filesystem::remove_all(dir);
    EXPECT_THROW(load_text_corpus("/nonexistent/poems.txt"), Error);
}

TEST(TextCorpus, Tang300WhenInstalled) {
    const char* path = "/usr/share/games/fortunes/tang300";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "fortunes-zh is not installed";
    const TextCorpus c = load_text_corpus(path);
    // Measured on fortunes-zh 2.98: 29,891 characters after the colour codes are removed, 2,580
    // distinct ones, unigram entropy 6.1905 nats per character.
    EXPECT_EQ(c.size(), 29891);
    EXPECT_EQ(c.vocab_size(), 2580);
    EXPECT_NEAR(c.unigram_entropy(), 6.19052, 1e-4);
    EXPECT_EQ(c.id_of(U'\x1b'), -1);
    EXPECT_GE(c.id_of(U'春'), 0);
}
