/// @file fuzz_params.cpp
/// @brief Fuzz target: the parameter file loader (common/nn/params_io, ch04_mlp --load) into a
/// 4-3-2 network.
///
/// The input edits a valid file of that network (fuzz_input.hpp, patch_valid): most inputs get
/// past the header and reach the checks of names, shapes, lengths and values, which random bytes
/// would seldom do. Seeds: fuzz/corpus/params/.
#include <filesystem>

#include "fuzz_input.hpp"
#include "io/atomic_file.hpp"
#include "nn/mlp.hpp"
#include "nn/params_io.hpp"

namespace {

std::unique_ptr<dl::nn::Model>& net() {
    static std::unique_ptr<dl::nn::Model> m =
        dl::nn::make_mlp_model({4, 3, 2}, dl::Activation::ReLU, dl::nn::Init::He, 4);
    return m;
}

/// The bytes of a valid parameter file of the 4-3-2 network.
const std::string& valid_file() {
    static const std::string bytes = [] {
        dl::Rng rng(1);
        net()->initialize(rng);
        const auto dir = std::filesystem::temp_directory_path() /
                         ("dl_fuzz_params_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        const std::string path = (dir / "model.bin").string();
        dl::nn::save_params(path, dl::nn::named_values(net()->params()), "4-3-2 relu", true);
        std::string b = dl::read_file(path);
        std::filesystem::remove_all(dir);
        return b;
    }();
    return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string bytes = dl::fuzz::patch_valid(valid_file(), data, size);
    try {
        dl::nn::load_params(dl::fuzz::as_file("params.bin", bytes),
                            dl::nn::named_values(net()->params()));
    } catch (const dl::Error&) {
    }
    return 0;
}
