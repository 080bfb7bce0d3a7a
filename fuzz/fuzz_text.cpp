/// @file fuzz_text.cpp
/// @brief Fuzz target: chapter 7's text corpus loader (common/data/text_corpus: strict UTF-8,
/// ANSI colour codes stripped, vocabulary), the path of ch07_lstm --data FILE.
///
/// Seeds (fuzz/corpus/text/): a short poem, and a line with colour codes.
#include "data/text_corpus.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    try {
        const dl::TextCorpus c = dl::load_text_corpus(dl::fuzz::as_file("poems.txt", data, size));
        (void)c.unigram_entropy();
    } catch (const dl::Error&) {
    }
    return 0;
}
