/// @file ring.cpp
/// @brief The GAN on the ring of Gaussians (see ring.hpp).
#include "ring.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "cli/progress.hpp"
#include "io/svg_plot.hpp"
#include "nn/activation_layer.hpp"
#include "nn/dense.hpp"

namespace ch08 {

using namespace dl;
using dl::exercises::RingQuality;

namespace {

/// Points shown per panel of a figure (the evaluation uses all 2,500).
constexpr int64_t kShown = 600;

MatrixD to_matrix(const Tensor& t) {
    const std::vector<double> v = t.values();
    MatrixD X(t.rows(), t.cols());
    for (int64_t i = 0; i < t.numel(); ++i) X.data()[i] = v[std::size_t(i)];
    return X;
}

/// The centres μ_k = r·(cos 2πk/K, sin 2πk/K) as a scatter of class 0.
void centres(SvgPlot& p, const RingSpec& ring) {
    std::vector<double> xs, ys;
    for (int k = 0; k < ring.modes; ++k) {
        xs.push_back(ring.radius * std::cos(2 * M_PI * k / ring.modes));
        ys.push_back(ring.radius * std::sin(2 * M_PI * k / ring.modes));
    }
    p.scatter(xs, ys, std::vector<int>(xs.size(), 3), {}, 5.0);
}

void samples(SvgPlot& p, const MatrixD& X, int cls) {
    std::vector<double> xs, ys;
    for (Eigen::Index j = 0; j < std::min<Eigen::Index>(X.cols(), kShown); ++j) {
        xs.push_back(X(0, j));
        ys.push_back(X(1, j));
    }
    p.scatter(xs, ys, std::vector<int>(xs.size(), cls), {}, 1.6);
}

std::string percent(double share) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f%%", 100 * share);
    return b;
}

}  // namespace

Tensor to_tensor(const MatrixD& X, Device device) {
    std::vector<double> v(X.data(), X.data() + X.size());
    return Tensor::from_values(Shape::matrix(X.rows(), X.cols()), v).to(device);
}

//! [ring_nets]
std::unique_ptr<Gan> make_ring_gan(const RingSettings& s) {
    auto G = std::make_unique<nn::Sequential>();  // z → x ∈ R²
    for (int l = 0; l < s.g_layers; ++l) {
        G->add<nn::Dense>(s.g_hidden);
        G->add<nn::ActivationLayer>(Activation::ReLU);
    }
    G->add<nn::Dense>(2, nn::Init::Xavier);
    auto D = std::make_unique<nn::Sequential>();  // x (or a pack of x's) → one logit
    for (int l = 0; l < s.d_layers; ++l) {
        D->add<nn::Dense>(s.d_hidden);
        D->add<nn::ActivationLayer>(Activation::ReLU);
    }
    D->add<nn::Dense>(1, nn::Init::Xavier);
    //! [ring_nets]
    GanOptions o;
    o.z_dim = s.z_dim;
    o.batch = s.batch;
    o.pack = s.pack;
    o.lr_g = s.lr_g;
    o.lr_d = s.lr_d;
    o.loss = s.loss;
    o.seed = s.seed;
    o.ctx.device = s.device;
    Rng init(s.seed * 1000 + 7);
    return std::make_unique<Gan>(std::move(G), std::move(D), Shape::column(2), o, init);
}

//! [ring_train]
RingRun train_ring(const RingSettings& s) {
    DL_CHECK(s.steps >= 1 && s.snapshots >= 1, "train_ring: expected steps and snapshots >= 1");
    RingRun run;
    run.settings = s;
    run.gan = make_ring_gan(s);
    Gan& gan = *run.gan;
    Rng data(s.seed * 1000 + 11), eval_rng(s.seed * 1000 + 13);
    // The noise of the evaluation is fixed, so the snapshots show one G moving.
    Tensor Z(Shape::matrix(s.z_dim, s.eval_samples));
    eval_rng.fill_normal(Z);
    Z = Z.to(s.device);
    Tensor out(Shape::matrix(2, s.eval_samples), DType::F32, s.device);
    auto evaluate = [&](int64_t step) {
        gan.generate(Z, nullptr, out);
        const MatrixD X = to_matrix(out);
        run.snapshot_steps.push_back(step);
        run.snapshots.push_back(X);
        run.snapshot_quality.push_back(
            dl::exercises::ring_quality(X, s.ring.modes, s.ring.radius, s.ring.sigma));
    };
    std::vector<int64_t> at;  // snapshot steps: 0, then evenly spaced, the last one at the end
    for (int i = 0; i < s.snapshots; ++i) at.push_back(s.snapshots == 1 ? s.steps : s.steps * i / (s.snapshots - 1));

    Progress bar(s.steps, s.label + " (seed " + std::to_string(s.seed) + ")", s.progress);
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t next = 0;
    for (int64_t step = 0; step <= s.steps; ++step) {
        while (next < at.size() && at[next] == step) evaluate(step), ++next;
        if (step == s.steps) break;
        // Learning-rate decay: constant, then linearly to 0 over the last `decay` of the steps,
        // so that the samples settle where the game has put them.
        const int64_t decay_from = s.steps - int64_t(s.decay * double(s.steps));
        if (step >= decay_from && s.decay > 0) {
            const double f = double(s.steps - step) / double(s.steps - decay_from);
            gan.opt_g().set_lr(s.lr_g * f);
            gan.opt_d().set_lr(s.lr_d * f);
        }
        // A fresh real batch every step: the data are endless.
        const dl::exercises::RingSamples real =
            dl::exercises::sample_ring(s.batch, s.ring.modes, s.ring.radius, s.ring.sigma, data);
        const StepStats d = gan.d_step(to_tensor(real.X, s.device));
        const StepStats g = gan.g_step(nullptr, step < s.grad_norm_steps);
        DL_CHECK(std::isfinite(d.d_loss) && std::isfinite(g.g_loss), s.label, " (seed ", s.seed,
                 "): the losses became non-finite at step ", step + 1, " (learning rates ", s.lr_g,
                 " and ", s.lr_d, ")");
        run.d_loss.push_back(d.d_loss);
        run.g_loss.push_back(g.g_loss);
        run.d_real.push_back(d.d_real);
        run.d_fake.push_back(g.d_fake);
        if (step < s.grad_norm_steps) run.g_grad_norm.push_back(g.g_grad_norm);
        if ((step + 1) % 100 == 0) {
            char status[96];
            std::snprintf(status, sizeof status, "D loss %.3f G loss %.3f", d.d_loss, g.g_loss);
            bar.update(step + 1, status);
        }
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    run.quality = run.snapshot_quality.back();
    char status[96];
    std::snprintf(status, sizeof status, "%d/%d modes, %.1f%% high quality",
                  run.quality.modes_covered, s.ring.modes, 100 * run.quality.high_quality);
    bar.finish(status);
    return run;
}
//! [ring_train]

void save_ring_snapshots(const RingRun& run, const std::string& path) {
    const RingSettings& s = run.settings;
    const double lim = s.ring.radius * 1.35;
    std::vector<SvgPlot> panels;
    for (std::size_t i = 0; i < run.snapshots.size(); ++i) {
        const RingQuality& q = run.snapshot_quality[i];
        SvgPlot p("step " + std::to_string(run.snapshot_steps[i]) + ": " +
                      std::to_string(q.modes_covered) + "/" + std::to_string(s.ring.modes) +
                      " modes, " + percent(q.high_quality) + " sharp",
                  "x₁", "x₂", 300, 300);
        p.set_x_range(-lim, lim).set_y_range(-lim, lim);
        samples(p, run.snapshots[i], 0);
        centres(p, s.ring);
        panels.push_back(p);
    }
    save_svg_grid(panels, 3, s.label + " on the ring of " + std::to_string(s.ring.modes) +
                                 " Gaussians (seed " + std::to_string(s.seed) +
                                 "): generated samples (blue) and the centres (red)",
                  path);
}

void save_decision_surfaces(const std::vector<const RingRun*>& runs, const std::string& path) {
    std::vector<SvgPlot> panels;
    for (const RingRun* run : runs) {
        const RingSettings& s = run->settings;
        const double lim = s.ring.radius * 1.35;
        const int n = 90;
        // D on the n x n cell centres, in one batched pass.
        std::vector<double> grid;
        for (int j = 0; j < n; ++j)
            for (int i = 0; i < n; ++i) {
                grid.push_back(-lim + (i + 0.5) / n * 2 * lim);
                grid.push_back(-lim + (j + 0.5) / n * 2 * lim);
            }
        const Tensor pts = Tensor::from_values(Shape::matrix(2, n * n), grid).to(s.device);
        const std::vector<double> p = run->gan->judge(pts);
        // The plot calls this when it is drawn, after this loop's iteration: it keeps copies.
        auto band = [p, lim, n](double x, double y) {
            const int i = std::clamp(int((x + lim) / (2 * lim) * n), 0, n - 1);
            const int j = std::clamp(int((y + lim) / (2 * lim) * n), 0, n - 1);
            const double v = p[std::size_t(j * n + i)];
            return v < 0.3 ? 0 : v < 0.7 ? 2 : 1;  // blue: "fake", green: unsure, orange: "real"
        };
        SvgPlot plot(s.label + (s.pack > 1 ? " (packs of identical points)" : ""), "x₁", "x₂",
                     420, 420);
        plot.set_x_range(-lim, lim).set_y_range(-lim, lim);
        plot.regions(band, n, n);
        samples(plot, run->snapshots.back(), 0);
        centres(plot, s.ring);
        panels.push_back(plot);
    }
    save_svg_grid(panels, int(panels.size()),
                  "D's decision surface after training: D(x) < 0.3 (blue), 0.3-0.7 (green), "
                  "> 0.7 (orange); G's samples (dark blue), the centres (red)",
                  path);
}

void save_ring_losses(const std::vector<const RingRun*>& runs, const std::string& path) {
    SvgPlot d("Discriminator's loss J_D", "step", "J_D (mean over 50 steps)");
    SvgPlot g("Generator's loss J_G", "step", "J_G (mean over 50 steps)");
    for (const RingRun* run : runs) {
        std::vector<double> xs, jd, jg;
        const std::size_t w = 50;
        for (std::size_t i = 0; i + w <= run->d_loss.size(); i += w) {
            double a = 0, b = 0;
            for (std::size_t k = i; k < i + w; ++k) a += run->d_loss[k], b += run->g_loss[k];
            xs.push_back(double(i + w));
            jd.push_back(a / double(w));
            jg.push_back(b / double(w));
        }
        d.line(xs, jd, run->settings.label);
        g.line(xs, jg, run->settings.label);
    }
    save_svg_grid({d, g}, 2, "Losses on the ring (2·log 2 = 1.386 and log 2 = 0.693 at D's "
                             "equilibrium D(x) = 1/2)", path);
}

Json to_json(const RingRun& run) {
    Json j = Json::object();
    j["pack"] = run.settings.pack;
    j["seed"] = run.settings.seed;
    j["steps"] = run.settings.steps;
    j["modes_covered"] = run.quality.modes_covered;
    j["high_quality"] = run.quality.high_quality;
    j["high_quality_per_mode"] = run.quality.counts;
    j["seconds"] = run.seconds;
    Json snaps = Json::array();
    for (std::size_t i = 0; i < run.snapshots.size(); ++i)
        snaps.push_back({{"step", run.snapshot_steps[i]},
                         {"modes_covered", run.snapshot_quality[i].modes_covered},
                         {"high_quality", run.snapshot_quality[i].high_quality}});
    j["snapshots"] = snaps;
    return j;
}

}  // namespace ch08
