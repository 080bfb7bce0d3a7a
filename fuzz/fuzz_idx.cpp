/// @file fuzz_idx.cpp
/// @brief Fuzz target: the IDX loader (common/data/idx, fashion_mnist's load_idx_pair).
///
/// Input: two bytes giving the length of the images file, the images file, then the labels
/// file. Either may be gzip (recognised from its content).
#include "data/fashion_mnist.hpp"
#include "data/idx.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t n_images = std::min<std::size_t>(size - 2, data[0] << 8 | data[1]);
    const std::string images = dl::fuzz::as_file("images.idx", data + 2, n_images);
    const std::string labels = dl::fuzz::as_file("labels.idx", data + 2 + n_images, size - 2 - n_images);
    try {
        dl::load_idx_pair(images, labels, "fuzz", 10);
    } catch (const dl::Error&) {
    }
    try {
        dl::read_idx(labels);
    } catch (const dl::Error&) {
    }
    return 0;
}
