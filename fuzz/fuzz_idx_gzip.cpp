/// @file fuzz_idx_gzip.cpp
/// @brief Fuzz target: the IDX reader on gzip files, whole, cut, damaged or with a tail (see
/// dl::fuzz::gzip_variant), e.g. a flipped size byte inside a valid stream.
#include "data/idx.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string path = dl::fuzz::as_file("input.idx.gz", dl::fuzz::gzip_variant(data, size));
    try {
        dl::read_idx(path);
    } catch (const dl::Error&) {
    }
    return 0;
}
