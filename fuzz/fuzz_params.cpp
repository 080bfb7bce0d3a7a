/// @file fuzz_params.cpp
/// @brief Fuzz target: the parameter file loader (common/nn/params_io) into a 4-3-2 network.
///
/// To fuzz another checkpoint format, point the one call below at its loader and replace the
/// seed corpus (fuzz/corpus/params/) with files of that format.
#include "fuzz_input.hpp"
#include "nn/mlp.hpp"
#include "nn/params_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    static dl::nn::Mlp net({4, 3, 2}, dl::Activation::ReLU);
    const std::string path = dl::fuzz::as_file("params.bin", data, size);
    try {
        dl::nn::load_params(path, net.params());
    } catch (const dl::Error&) {
    }
    return 0;
}
