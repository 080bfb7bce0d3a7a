/// @file amp_training.hpp
/// @brief Section 4: mixed-precision training — the overflow/underflow story of float16
/// gradients in numbers, and the same network trained in FP32 and in mixed precision side by
/// side (nn::MixedPrecisionTrainer: 16-bit compute copy, float32 master weights, dynamic loss
/// scaling).
///
/// On the CPU the 16-bit kernels emulate float16 storage exactly (kernels/half_ops_cpu.cpp), so
/// the loss-scaling mechanics — which gradients underflow at which scale, when the scaler backs
/// off or grows — are the GPU's, in numbers; only the speed is not. On the GPU the comparison
/// also times both.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/device.hpp"
#include "data/image_dataset.hpp"
#include "io/json.hpp"
#include "nn/loss_scaler.hpp"
#include "nn/model.hpp"
#include "nn/sequential.hpp"

namespace ch09 {

/// {train, test}: "digits" (shipped 8x8 digits, 80/20 split) or "fashion" (Fashion-MNIST).
std::pair<dl::ImageDataset, dl::ImageDataset> load_images(const std::string& data, uint64_t seed);

/// The networks of the section: "mlp" [in → h1 → h2 → classes, ReLU] and "resmlp", a residual
/// MLP (in → width, then `blocks` residual blocks x + Dense(ReLU(Dense(x))) each followed by a
/// ReLU, then → classes): the deepest network the layer framework's 16-bit kernels cover.
struct NetSpec {
    std::string kind = "mlp";
    std::vector<int64_t> hidden = {128, 64};  ///< mlp
    int64_t width = 1024;                     ///< resmlp
    int blocks = 4;                           ///< resmlp
};
std::unique_ptr<dl::nn::Sequential> make_network(const NetSpec& spec, int64_t classes);
std::string describe(const NetSpec& spec, int64_t inputs, int64_t classes);

/// Which parameter gradients float16 loses at each loss scale.
struct CensusRow {
    double scale = 1;
    double underflow = 0;  ///< share of the nonzero fp32 gradients that became 0 in fp16
    double overflow = 0;   ///< share of all the parameter gradients that became inf or NaN
    double rel_error = 0;  ///< ‖fp16 gradient / S − fp32 gradient‖ / ‖fp32 gradient‖ (inf on overflow)
};
struct Census {
    int64_t elements = 0;         ///< parameter gradients compared
    double tiny_share = 0;        ///< share of nonzero fp32 gradients with |g| < 2⁻²⁴
    double subnormal_share = 0;   ///< share with 2⁻²⁴ ≤ |g| < 2⁻¹⁴ (fp16 subnormals)
    int trained_epochs = 0;
    std::vector<CensusRow> rows;
};

/// Trains a float32 MLP on `train` for `epochs` (on the CPU), then takes one batch and compares
/// the float32 parameter gradients with those of the same weights in float16 (emulated) at
/// loss scales 2⁰, 2⁴, …, 2²⁴.
Census gradient_census(const dl::ImageDataset& train, const NetSpec& spec, int epochs,
                       int64_t batch, uint64_t seed);
std::string census_table(const Census& c);
dl::Json to_json(const Census& c);

struct AmpSettings {
    NetSpec net;
    dl::DType half = dl::DType::F16;  ///< the compute copy: F16 or BF16
    int epochs = 10;
    int64_t batch = 64;
    double lr = 1e-3;
    dl::Device device = dl::Device::CPU;
    uint64_t seed = 1;
    bool progress = false;
    dl::nn::LossScalerOptions scaling;
    dl::nn::LossScaler::Rule rule = nullptr;  ///< the scaler's rule (the student's, for --mine)
    bool no_scaling_run = false;              ///< also train fp16 with S = 1 fixed
};

/// One training run's outcome.
struct RunResult {
    std::string precision;  ///< "fp32", "fp16 + fp32 master", …
    double test_accuracy = 0, test_loss = 0;
    double seconds_per_epoch = 0;  ///< median over the epochs
    std::vector<double> train_loss, epoch_seconds;
    int64_t steps = 0, skipped = 0;
    double final_scale = 1;
    std::string scale_log;  ///< the scaler's changes, one line each
};

struct AmpComparison {
    std::string data, model, device;
    RunResult fp32, amp, amp_unscaled;
    bool has_unscaled = false;
    double speedup = 0;  ///< fp32 s/epoch ÷ amp s/epoch
};

/// Trains the network in float32 (nn::Trainer) and in mixed precision (nn::MixedPrecisionTrainer)
/// from the same initial weights and the same shuffling, and evaluates both on `test`.
AmpComparison compare_fp32_amp(const dl::ImageDataset& train, const dl::ImageDataset& test,
                               const AmpSettings& s);
std::string comparison_table(const AmpComparison& c);
dl::Json to_json(const AmpComparison& c);

}  // namespace ch09
