/// @file fuzz_jpeg.cpp
/// @brief Fuzz target: chapter 6's JPEG reader (common/io/jpeg, libjpeg underneath), the path a
/// student's own photo takes (ch06_cnn --photo FILE).
///
/// Seeds (fuzz/corpus/jpeg/): three small JPEGs, colour, grey with odd sizes, progressive.
#include "fuzz_input.hpp"
#include "io/jpeg.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    try {
        const dl::Photo p = dl::read_jpeg(dl::fuzz::as_file("photo.jpg", data, size));
        (void)p;
    } catch (const dl::Error&) {
    }
    return 0;
}
