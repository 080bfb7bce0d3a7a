/// @file ring.hpp
/// @brief The GAN on the ring of 8 Gaussians: training, the VEEGAN/PacGAN evaluation, mode
/// collapse and its remedy, and the figures.
///
/// The data: K = 8 Gaussians of σ = 0.02 on a circle of radius 2 (exercises::sample_ring),
/// an endless supply — every step draws a fresh real batch. The evaluation (VEEGAN,
/// Srivastava et al. 2017; PacGAN, Lin et al. 2018): 2,500 generated samples; a sample is high
/// quality when it lies within 3σ of its nearest centre; a mode is covered when it is the
/// nearest centre of at least one high-quality sample (exercises::ring_quality).
///
/// A plain GAN tends to *collapse* (模式崩溃): G puts its samples on a few modes, D learns that
/// those are fake, G moves to other modes, and the two chase each other round the ring without
/// ever covering all of it. The remedy run here is PacGAN's packing: D judges `pack` samples
/// at once (gan.hpp), so a pack of near-duplicates — what a collapsed G produces — is easy to
/// call fake.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/device.hpp"
#include "exercises/ch08.hpp"
#include "gan.hpp"
#include "io/json.hpp"

namespace ch08 {

/// The ring of the chapter: 8 modes, radius 2, σ 0.02.
struct RingSpec {
    int modes = 8;
    double radius = 2.0;
    double sigma = 0.02;
};

struct RingSettings {
    RingSpec ring;
    int64_t steps = 4000;      ///< training steps (one D step and one G step each)
    int64_t batch = 256;       ///< real samples per step (and generated ones)
    int pack = 1;              ///< PacGAN's degree (1: the plain GAN)
    int64_t z_dim = 256;
    int64_t g_hidden = 128;    ///< units of each of G's hidden layers
    int g_layers = 2;          ///< G's hidden layers
    int64_t d_hidden = 128;    ///< units of each of D's hidden layers
    int d_layers = 1;          ///< D's hidden layers
    double lr_g = 1e-3;        ///< Adam's rate for G
    double lr_d = 1e-4;        ///< Adam's rate for D
    double decay = 0.3;        ///< both rates fall linearly to 0 over this last share of the steps
    GeneratorLoss loss = GeneratorLoss::NonSaturating;
    int64_t eval_samples = 2500;
    int snapshots = 6;         ///< evaluations kept for the small multiple (the last at the end)
    int64_t grad_norm_steps = 0;  ///< record ‖∂J_G/∂θ_G‖ for the first N steps
    uint64_t seed = 1;
    dl::Device device = dl::Device::CPU;
    bool progress = false;
    std::string label = "GAN";  ///< for the progress bar and figures
};

/// One training run.
struct RingRun {
    RingSettings settings;
    dl::exercises::RingQuality quality;         ///< of the final 2,500 samples
    std::vector<int64_t> snapshot_steps;
    std::vector<dl::MatrixD> snapshots;         ///< 2 x 2,500 samples at each snapshot step
    std::vector<dl::exercises::RingQuality> snapshot_quality;
    std::vector<double> d_loss, g_loss, d_real, d_fake;  ///< every step
    std::vector<double> g_grad_norm;            ///< the first grad_norm_steps steps
    double seconds = 0;
    std::unique_ptr<Gan> gan;                   ///< the trained pair (for the decision surface)
};

/// G: z → [Dense(h_G) → ReLU] × L_G → Dense(2);  D: x → [Dense(h_D) → ReLU] × L_D → Dense(1).
std::unique_ptr<Gan> make_ring_gan(const RingSettings& s);

/// Trains a GAN on the ring and evaluates it (snapshots along the way).
RingRun train_ring(const RingSettings& s);

/// The small multiple of samples over training (one panel per snapshot), the real centres
/// marked, each panel titled with its step, modes covered and high-quality share.
void save_ring_snapshots(const RingRun& run, const std::string& path);
/// D's decision surface σ(a) over the plane (three bands) with the generated samples on top,
/// for each run given; a packed D is shown on packs of identical points.
void save_decision_surfaces(const std::vector<const RingRun*>& runs, const std::string& path);
/// D's and G's losses per step (averaged over windows of 50 steps) for each run.
void save_ring_losses(const std::vector<const RingRun*>& runs, const std::string& path);

/// One run as JSON: modes, high-quality share, seconds, per-snapshot coverage.
dl::Json to_json(const RingRun& run);

/// Points as a 2 x n float tensor on `device`.
dl::Tensor to_tensor(const dl::MatrixD& X, dl::Device device);

}  // namespace ch08
