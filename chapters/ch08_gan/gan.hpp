/// @file gan.hpp
/// @brief The adversarial game (生成对抗网络, Goodfellow et al. 2014): a generator G and a
/// discriminator D, two nn::Model objects with their own parameters and their own optimizers,
/// trained in turn.
///
///     min_G max_D  V(D, G) = E_x[log D(x)] + E_z[log(1 − D(G(z)))]
///
/// One training step is two steps, each a forward and backward pass through the framework:
///
///     D step:  every dθ_D ← 0
///              a_r = D(x)            (real batch)   D.backward(∂J_D/∂a_r)     dθ_D +=
///              a_f = D(G(z))         (fake batch)   D.backward(∂J_D/∂a_f)     dθ_D +=
///              update θ_D                           (D's optimizer only)
///     G step:  every dθ_G ← 0
///              a = D(G(z))                          dfake = D.backward(∂J_G/∂a) = ∂J_G/∂G(z)
///                                                   G.backward(dfake)         dθ_G +=
///              update θ_G                           (G's optimizer only)
///
/// Two backward passes before one update just work in the D step: every layer *adds* its
/// parameter gradients, so θ_D receives the gradient of the real half plus that of the fake
/// half, the gradient of J_D. In the G step D is only the road from G's samples to the loss:
/// its backward pass hands ∂J_G/∂G(z) to G (Model::backward's dX). It also adds ∂J_G/∂θ_D to
/// D's gradient buffer — layers always do — but nothing ever reads those numbers: D's
/// optimizer is not stepped in the G step, and the next D step starts by clearing D's
/// gradients. That is how "D's parameters are switched off" while G trains, with no flag in
/// the layers: the two models share no buffer, and each optimizer owns one model's flat
/// parameter block.
///
/// The losses and their gradients come from the chapter's exercises
/// (exercises/ch08.hpp: discriminator_loss, generator_loss); the logits travel to the host for
/// them (one row of m numbers per step) and the gradient back.
///
/// Variants the chapter runs:
/// - PacGAN (Lin et al. 2018), `pack` > 1: D judges `pack` samples at once, their features
///   stacked in one column. Samples are columns, so packing pac neighbouring columns of a
///   [n x m] batch is the same memory seen as [pac·n x m/pac]: a reshape, nothing copied. A D
///   that sees several samples together can tell when they are too alike — a collapsed G
///   produces packs of near-duplicates — which is what pushes G back towards every mode.
/// - The conditional GAN (Mirza & Osindero 2014), `classes` > 0: a one-hot label y is stacked
///   under z for G, [z; y], and under the sample for D, [x; y] (kernels/rows.hpp), so D judges
///   "is this a real x of class y" and G must produce the class it is asked for.
#pragma once

#include <memory>
#include <vector>

#include "core/rng.hpp"
#include "exercises/ch08.hpp"
#include "nn/model.hpp"
#include "nn/optimizer.hpp"
#include "nn/sequential.hpp"

namespace ch08 {

using dl::exercises::GeneratorLoss;

struct GanOptions {
    int64_t z_dim = 2;        ///< noise dimensions, z ~ N(0, I)
    int64_t batch = 256;      ///< real samples per D step (and generated ones per step)
    int pack = 1;             ///< PacGAN's degree: samples D judges together (1: a plain GAN)
    int classes = 0;          ///< > 0: conditional, the label fed to G and D
    double lr_g = 1e-3, lr_d = 1e-3;
    double beta1 = 0.5, beta2 = 0.999;  ///< Adam's β₁ = 0.5, as DCGAN recommends
    GeneratorLoss loss = GeneratorLoss::NonSaturating;
    uint64_t seed = 1;        ///< the noise (the weights are drawn by the caller's generator)
    dl::nn::Context ctx;
};

/// What a step measured (means over its batch).
struct StepStats {
    double d_loss = 0;     ///< J_D of the D step
    double g_loss = 0;     ///< J_G of the G step
    double d_real = 0;     ///< mean D(x) = σ(a) on the real batch
    double d_fake = 0;     ///< mean D(G(z)) in the G step
    double g_grad_norm = 0;  ///< ‖∂J_G/∂θ_G‖ of the G step (when asked for)
};

class Gan {
public:
    /// `G` maps [z_dim (+ classes) x m] to samples shaped like `sample` (one sample: its last
    /// dimension 1, e.g. Shape::column(2) or Shape::images(1, 1, 28, 28)). `D` maps a
    /// sample (stacked `pack` times, or with its label under it) to one logit. Both networks
    /// are built into Models here; `init` draws their weights (G's first).
    Gan(std::unique_ptr<dl::nn::Sequential> G, std::unique_ptr<dl::nn::Sequential> D,
        const dl::Shape& sample, const GanOptions& o, dl::Rng& init);

    /// One D step on the real batch X (o.batch samples shaped like `sample`, on the models'
    /// device); Y their one-hot labels (conditional GANs; the generated half asks for the same
    /// labels).
    StepStats d_step(const dl::Tensor& X, const dl::Tensor* Y = nullptr);
    /// One G step; Y the labels to ask for (conditional GANs, o.batch columns). With
    /// `grad_norm`, also measures ‖∂J_G/∂θ_G‖ (before the update).
    StepStats g_step(const dl::Tensor* Y = nullptr, bool grad_norm = false);

    /// Samples for the noise Z (z_dim x n) and labels Y (classes x n, conditional), in batches
    /// of o.batch; in evaluation mode (batch norm's running statistics) unless `training`;
    /// `out` has n columns shaped like `sample`.
    void generate(const dl::Tensor& Z, const dl::Tensor* Y, dl::Tensor& out,
                  bool training = false);
    /// D's probabilities σ(a) for the samples X (evaluation mode; for a packed D each column
    /// of X is repeated `pack` times in its pack) — the decision surface.
    std::vector<double> judge(const dl::Tensor& X);

    dl::nn::Model& G() { return *G_; }
    dl::nn::Model& D() { return *D_; }
    dl::nn::Optimizer& opt_g() { return *opt_g_; }
    dl::nn::Optimizer& opt_d() { return *opt_d_; }
    const GanOptions& options() const { return o_; }
    const dl::Shape& sample() const { return sample_; }
    /// Draws o.batch noise vectors into G's input (and stacks the labels Y under them).
    const dl::Tensor& draw_input(const dl::Tensor* Y);

private:
    /// D's input for the batch S (samples) and labels Y: S itself, S packed, or [S; Y].
    const dl::Tensor& d_input(const dl::Tensor& S, const dl::Tensor* Y);
    /// The logits of D's last forward pass as a 1 x m host matrix.
    dl::MatrixD logits(const dl::Tensor& a) const;
    /// Writes a 1 x m host gradient into the device tensor of D's output shape.
    const dl::Tensor& upload(const dl::MatrixD& d, const dl::Shape& shape);

    GanOptions o_;
    dl::Shape sample_;
    int64_t n_ = 0;  ///< numbers per sample
    std::unique_ptr<dl::nn::Model> G_, D_;
    std::unique_ptr<dl::nn::Optimizer> opt_g_, opt_d_;
    dl::Rng noise_;
    std::vector<double> z_host_;
    dl::Tensor z_, g_in_, d_in_, dlogit_, dx_d_, dfake_, host_, norm_scratch_;
    dl::Tensor d_in_view_, packed_, dlogit_view_;  // views of the current batch
};

}  // namespace ch08
