/// @file fuzz_checkpoint.cpp
/// @brief Fuzz target: the checkpoint loader (common/nn/checkpoint, --resume) into a 4-3-2
/// network with Adam (parameters, optimizer state, epoch and generator state).
///
/// The input edits a valid checkpoint of that run (fuzz_input.hpp, patch_valid), so most inputs
/// reach the checks behind the header. Seeds: fuzz/corpus/checkpoint/.
#include <filesystem>

#include "fuzz_input.hpp"
#include "io/atomic_file.hpp"
#include "nn/checkpoint.hpp"
#include "nn/mlp.hpp"
#include "nn/optimizer.hpp"

namespace {

struct Run {
    std::unique_ptr<dl::nn::Model> model =
        dl::nn::make_mlp_model({4, 3, 2}, dl::Activation::ReLU, dl::nn::Init::He, 4);
    std::unique_ptr<dl::nn::Optimizer> opt =
        dl::nn::make_optimizer(dl::nn::OptimizerKind::Adam, model->params(), 0.001);
};

Run& run() {
    static Run r;
    return r;
}

/// The bytes of a valid checkpoint of that run after one Adam step.
const std::string& valid_file() {
    static const std::string bytes = [] {
        dl::Rng rng(1);
        run().model->initialize(rng);
        for (const char* name : {"dense1.W", "dense1.b", "dense2.W", "dense2.b"})
            run().model->params().param(name).grad.fill(0.25);
        run().opt->step();
        const auto dir = std::filesystem::temp_directory_path() /
                         ("dl_fuzz_checkpoint_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        const std::string path = (dir / "run.ckpt").string();
        dl::nn::RunState state;
        state.epoch = 3;
        state.rng = rng.state();
        dl::nn::save_checkpoint(path, *run().model, run().opt.get(), state, true);
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
        dl::nn::load_checkpoint(dl::fuzz::as_file("run.ckpt", bytes), *run().model,
                                run().opt.get());
    } catch (const dl::Error&) {
    }
    return 0;
}
