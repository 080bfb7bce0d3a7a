/// @file main.cpp
/// @brief Chapter 8: generative adversarial networks (生成对抗网络).
///
/// The program follows the lecture:
///  1. the two generator losses and the gradient each gives when D is confident (saturation);
///  2. the game on a ring of 8 Gaussians: a plain GAN, its mode collapse, and PacGAN's packing
///     as the remedy, over several seeds; a Gaussian mixture fitted by EM as the density-model
///     baseline; samples over training, D's decision surface, losses;
///  3. a GAN on the shipped 8x8 digits (dense networks), conditional with --conditional;
///  4. a conditional DCGAN on Fashion-MNIST (transposed convolutions, batch norm, leaky ReLU),
///     judged by chapter 6's LeNet-5 (share classified as the class asked for, Fréchet
///     distance of its features) — in the full run, or with --data fashion.
///
///     ch08_gan [--data all|ring|digits|fashion] [--conditional] [--steps N] [--seeds N]
///              [--pack N] [--epochs N] [--device cpu|cuda] [--quick] [--json]
#include <cstdio>
#include <iostream>
#include <string>

#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "core/device.hpp"
#include "data/fashion_mnist.hpp"
#include "gmm.hpp"
#include "images.hpp"
#include "io/json.hpp"
#include "ring.hpp"
#include "saturation.hpp"

namespace {

using dl::Json;

/// The ring section: saturation, plain GAN vs PacGAN over seeds, and the GMM baseline.
struct RingOutcome {
    int gan_seeds_met = 0, pac_seeds_met = 0, seeds = 0;
    double gan_modes = 0, pac_modes = 0, gan_hq = 0, pac_hq = 0;  // means over the seeds
};

/// The target: ≥ 7 of 8 modes with ≥ 80 % high-quality samples.
bool meets_target(const dl::exercises::RingQuality& q) {
    return q.modes_covered >= 7 && q.high_quality >= 0.8;
}

RingOutcome run_ring_section(const ch08::RingSettings& base, int seeds, int pack,
                             const std::string& out, bool progress, Json& json) {
    RingOutcome o;
    o.seeds = seeds;
    std::printf("\n== The game on a ring of 8 Gaussians (radius 2, σ 0.02) ==\n");
    std::printf("G %lld-%lld-2 (z of %lld), D %d hidden layer(s) of %lld, batch %lld, %lld steps, "
                "Adam %g / %g (β₁ 0.5)\n", (long long)base.g_hidden, (long long)base.g_hidden,
                (long long)base.z_dim, base.d_layers, (long long)base.d_hidden,
                (long long)base.batch, (long long)base.steps, base.lr_g, base.lr_d);

    // 1. Saturation: the two losses from the exercise; then two identical GANs whose D is first
    //    trained alone for 200 steps (so that it is confident, as early in training), each
    //    then played with one generator loss, ‖∂J_G/∂θ_G‖ recorded over 50 steps.
    const ch08::SaturationCurves curves = ch08::saturation_curves();
    std::vector<double> norms[2];
    double d_fake_start = 0;
    for (int variant = 0; variant < 2; ++variant) {
        ch08::RingSettings probe = base;
        probe.pack = 1;
        probe.lr_d = 1e-2;  // D learns fast, so it is soon sure of itself
        probe.loss = variant == 0 ? dl::exercises::GeneratorLoss::Minimax
                                  : dl::exercises::GeneratorLoss::NonSaturating;
        std::unique_ptr<ch08::Gan> gan = ch08::make_ring_gan(probe);
        dl::Rng data(base.seed * 1000 + 23);
        auto real_batch = [&] {
            return ch08::to_tensor(dl::exercises::sample_ring(probe.batch, 8, base.ring.radius,
                                                              base.ring.sigma, data).X,
                                   base.device);
        };
        ch08::StepStats st;
        for (int k = 0; k < 200; ++k) st = gan->d_step(real_batch());
        d_fake_start = st.d_fake;
        for (int k = 0; k < 50; ++k) {
            norms[variant].push_back(gan->g_step(nullptr, true).g_grad_norm);
            gan->d_step(real_batch());
        }
    }
    ch08::save_saturation_figure(curves, norms[0], norms[1], out + "/generator_loss_gradients.svg");
    const std::vector<double>& mm_norm = norms[0];
    const std::vector<double>& ns_norm = norms[1];
    auto mean_first = [](const std::vector<double>& v, std::size_t n) {
        double s = 0;
        for (std::size_t i = 0; i < n && i < v.size(); ++i) s += v[i];
        return s / double(std::min(n, v.size()));
    };
    const double g_mm = mean_first(mm_norm, 20), g_ns = mean_first(ns_norm, 20);
    std::printf("Saturation: at the first G step ‖∂J_G/∂θ_G‖ = %.3g (minimax) and %.3g "
                "(non-saturating).\n", mm_norm.front(), ns_norm.front());
    std::printf("Saturation: after 200 steps of D alone, D(G(z)) = %.3f; over the next 20 steps "
                "‖∂J_G/∂θ_G‖ averages %.3g with the minimax loss and %.3g with the non-saturating "
                "one (%.1f times larger).\n", d_fake_start, g_mm, g_ns, g_ns / g_mm);
    Json sat = Json::object();
    sat["d_fake_after_d_steps"] = d_fake_start;
    sat["grad_norm_minimax_first20"] = g_mm;
    sat["grad_norm_nonsaturating_first20"] = g_ns;
    sat["grad_norm_minimax_step1"] = mm_norm.front();
    sat["grad_norm_nonsaturating_step1"] = ns_norm.front();
    json["saturation"] = sat;

    // 2. Plain GAN and PacGAN, seed by seed.
    Json runs = Json::array();
    ch08::RingRun first_gan;  // seed 1 of the plain GAN, kept for the joint figures
    for (int variant = 0; variant < 2; ++variant) {
        const int p = variant == 0 ? 1 : pack;
        for (int s = 0; s < seeds; ++s) {
            ch08::RingSettings rs = base;
            rs.pack = p;
            rs.seed = base.seed + uint64_t(s);
            rs.label = p > 1 ? "PacGAN" + std::to_string(p) : "GAN";
            rs.progress = progress;
            ch08::RingRun r = ch08::train_ring(rs);
            const bool met = meets_target(r.quality);
            std::printf("  %-8s seed %llu: %d/8 modes, %.1f%% high quality%s (%.1f s)\n",
                        rs.label.c_str(), (unsigned long long)rs.seed, r.quality.modes_covered,
                        100 * r.quality.high_quality, met ? ", target met" : "", r.seconds);
            std::fflush(stdout);
            (variant == 0 ? o.gan_seeds_met : o.pac_seeds_met) += met;
            (variant == 0 ? o.gan_modes : o.pac_modes) += r.quality.modes_covered / double(seeds);
            (variant == 0 ? o.gan_hq : o.pac_hq) += r.quality.high_quality / double(seeds);
            runs.push_back(ch08::to_json(r));
            if (s == 0) {
                const std::string tag = variant == 0 ? "gan" : "pacgan";
                ch08::save_ring_snapshots(r, out + "/ring_" + tag + "_samples.svg");
                if (variant == 0) {
                    first_gan = std::move(r);
                } else {
                    ch08::save_decision_surfaces({&first_gan, &r}, out + "/ring_decision_surface.svg");
                    ch08::save_ring_losses({&first_gan, &r}, out + "/ring_losses.svg");
                }
            }
        }
    }
    json["ring_runs"] = runs;

    // 3. The density-model baseline: EM on 2,500 ring samples, 8 components.
    dl::Rng data(base.seed * 1000 + 17), em_rng(base.seed * 1000 + 19);
    const dl::exercises::RingSamples real =
        dl::exercises::sample_ring(2500, 8, base.ring.radius, base.ring.sigma, data);
    const ch08::EmResult em = ch08::fit_gmm_em(real.X, 8, em_rng);
    const dl::MatrixD gs = ch08::sample_gmm(em.gmm, 2500, em_rng);
    const dl::exercises::RingQuality gq = dl::exercises::ring_quality(gs, 8, base.ring.radius, base.ring.sigma);
    std::printf("GMM by EM (8 components, %d iterations): mean log-likelihood %.3f; its samples "
                "cover %d/8 modes, %.1f%% high quality.\n", em.iterations,
                em.log_likelihood.empty() ? 0.0 : em.log_likelihood.back(), gq.modes_covered,
                100 * gq.high_quality);
    Json g = Json::object();
    g["iterations"] = em.iterations;
    g["log_likelihood"] = em.log_likelihood.empty() ? 0.0 : em.log_likelihood.back();
    g["modes_covered"] = gq.modes_covered;
    g["high_quality"] = gq.high_quality;
    json["gmm"] = g;

    std::printf("Ring: plain GAN %.1f modes, %.1f%% high quality on average, target met on %d/%d "
                "seeds; PacGAN%d %.1f modes, %.1f%% high quality, target met on %d/%d seeds.\n",
                o.gan_modes, 100 * o.gan_hq, o.gan_seeds_met, seeds, pack, o.pac_modes,
                100 * o.pac_hq, o.pac_seeds_met, seeds);
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    return dl::run_main("ch08_gan", [&] {
        dl::CommonOptions opts;
        opts.epochs = 30;
        opts.lr = 1e-3;
        opts.out = "figures/ch08";
        int steps = 0, seeds = 0, pack = 4, batch = 0, z_dim = 4, width = 32, train_limit = 0;
        bool conditional = false;
        dl::ArgParser args("ch08_gan",
                           "Chapter 8: generative adversarial networks — the minimax and "
                           "non-saturating losses, the game on a ring of 8 Gaussians (mode "
                           "collapse and PacGAN), a Gaussian mixture by EM as baseline, GANs on "
                           "the 8x8 digits and a conditional DCGAN on Fashion-MNIST.");
        args.add_common(opts);
        args.add_flag("--conditional", "feed the class label to G and D (digits; Fashion-MNIST is "
                      "always conditional)", &conditional);
        args.add_int("--steps", "training steps on the ring (default 4000, 1000 with --quick)",
                     &steps, 1);
        args.add_int("--seeds", "seeds of each ring GAN, from --seed on (default 5, 1 with --quick)",
                     &seeds, 1, 100);
        args.add_int("--pack", "PacGAN's degree: samples D judges together", &pack, 2, 16);
        args.add_int("--batch", "mini-batch size (default 128 on the ring, 64 on images)", &batch, 1,
                     100000);
        args.add_int("--z-dim", "noise dimensions of the ring's generator", &z_dim, 1, 1024);
        args.add_int("--width", "c, the filters of the DCGAN (G's last hidden layer, D's first)",
                     &width, 1, 1024);
        args.add_int("--train-limit", "use only the first N training images (0: all)",
                     &train_limit, 0);
        args.add_epilog(
            "--data: all (default: ring and digits, and Fashion-MNIST in the full run), ring,\n"
            "digits (the shipped 8x8 digits) or fashion (Fashion-MNIST from\n"
            "/usr/share/datasets/fashion-mnist: `./course data` says how to get it).\n"
            "--epochs and --lr apply to the image GANs (defaults 30 and 2e-4 on the digits, 10 on\n"
            "Fashion-MNIST; the ring uses --lr for both players, default 1e-3).\n"
            "\nTry: --data ring --pack 2;  --data digits --conditional;  --data fashion --epochs 5\n");
        if (!args.parse(argc, argv)) return 0;
        const std::string data = opts.data.empty() ? "all" : opts.data;
        if (data != "all" && data != "ring" && data != "digits" && data != "fashion")
            throw dl::UsageError(dl::cat("--data: expected one of all|ring|digits|fashion, got '",
                                         opts.data, "'"));
        dl::require_device(opts.device);
        dl::ensure_writable_dir(opts.out);
        const bool progress = dl::progress_enabled(opts.json);

        Json json = Json::object();
        json["chapter"] = 8;
        json["device"] = dl::device_name(opts.device);
        json["seed"] = opts.seed;
        json["data"] = data;
        std::printf("Chapter 8: generative adversarial networks (seed %llu, %s)\n",
                    (unsigned long long)opts.seed, dl::device_name(opts.device));
        std::string result;

        if (data == "all" || data == "ring") {
            ch08::RingSettings rs;
            rs.steps = steps > 0 ? steps : opts.quick ? 1000 : 4000;
            rs.batch = batch > 0 ? batch : 128;
            rs.z_dim = z_dim;
            rs.g_hidden = 64;
            rs.g_layers = 2;
            rs.d_hidden = 64;
            rs.d_layers = 2;
            rs.lr_g = rs.lr_d = args.given("--lr") ? opts.lr : 1e-3;
            rs.decay = 0.3;
            rs.seed = opts.seed;
            rs.device = opts.device;
            if (rs.batch % pack != 0)
                throw dl::UsageError(dl::cat("--batch: expected a multiple of --pack (", pack,
                                             ") for the ring, got '", rs.batch, "'"));
            const int n_seeds = seeds > 0 ? seeds : opts.quick ? 1 : 5;
            const RingOutcome r = run_ring_section(rs, n_seeds, pack, opts.out, progress, json);
            json["ring_steps"] = rs.steps;
            json["ring_seeds"] = n_seeds;
            json["ring_gan_modes"] = r.gan_modes;
            json["ring_gan_high_quality"] = r.gan_hq;
            json["ring_gan_seeds_meeting_target"] = r.gan_seeds_met;
            json["ring_pacgan_modes"] = r.pac_modes;
            json["ring_pacgan_high_quality"] = r.pac_hq;
            json["ring_pacgan_seeds_meeting_target"] = r.pac_seeds_met;
            char b[200];
            std::snprintf(b, sizeof b, "ring GAN %.1f/8 modes %.0f%% sharp, PacGAN%d %.1f/8 modes "
                          "%.0f%% sharp (%d/%d seeds meet 7 modes and 80%%)", r.gan_modes,
                          100 * r.gan_hq, pack, r.pac_modes, 100 * r.pac_hq, r.pac_seeds_met,
                          r.seeds);
            result += b;
        }

        auto image_section = [&](const std::string& which, bool cond) {
            ch08::ImageGanSettings is;
            is.data = which;
            is.conditional = cond;
            const bool fashion = which == "fashion";
            is.epochs = args.given("--epochs") ? opts.epochs : fashion ? (opts.quick ? 1 : 10)
                                                 : opts.quick ? 8 : 30;
            is.batch = batch > 0 ? batch : 64;
            is.width = width;
            is.lr = args.given("--lr") ? opts.lr : 2e-4;
            if (!fashion && !args.given("--lr")) is.lr = 1e-3;
            is.train_limit = train_limit;
            if (fashion && opts.quick && train_limit == 0) is.train_limit = 6000;
            is.judge_epochs = fashion && opts.quick ? 1 : 0;
            is.eval_samples = fashion && opts.quick ? 1000 : 0;
            is.grid_every = fashion ? 1 : 5;
            is.seed = opts.seed;
            is.device = opts.device;
            is.progress = progress;
            is.out = opts.out;
            std::printf("\n== %s%s ==\n", cond ? "Conditional " : "",
                        fashion ? "DCGAN on Fashion-MNIST" : "GAN on the 8x8 digits");
            const ch08::ImageGanReport r = ch08::run_image_gan(is);
            const std::string key = std::string(fashion ? "fashion" : "digits") + (cond ? "_cgan" : "_gan");
            json[key] = ch08::to_json(r);
            json[key + "_frechet_first"] = r.frechet.front();
            json[key + "_frechet_last"] = r.frechet.back();
            char b[200];
            if (cond) {
                json[key + "_class_accuracy"] = r.class_accuracy.back();
                std::snprintf(b, sizeof b, "; %s: %.1f%% judged as asked, Fréchet %.2f → %.2f",
                              key.c_str(), 100 * r.class_accuracy.back(), r.frechet.front(),
                              r.frechet.back());
            } else {
                std::snprintf(b, sizeof b, "; %s: Fréchet %.2f → %.2f, %g/10 classes seen",
                              key.c_str(), r.frechet.front(), r.frechet.back(),
                              r.classes_present.back());
            }
            result += b;
        };
        if (data == "all" || data == "digits") image_section("digits", conditional);
        if (data == "fashion" || (data == "all" && !opts.quick)) {
            bool found = true;
            if (data == "all") {
                try {
                    dl::find_fashion_mnist();
                } catch (const dl::Error& e) {
                    found = false;
                    std::printf("\nSkipping the DCGAN on Fashion-MNIST: %s\n", e.what());
                }
            }
            if (found) image_section("fashion", true);
        }

        args.write_run_config(opts.out);
        std::printf("Figures in %s/.\n", opts.out.c_str());
        if (opts.json)
            std::cout << dl::json_line(json) << std::endl;
        else
            std::printf("Result: %s\n", result.empty() ? "nothing run" : result.c_str() + (result[0] == ';' ? 2 : 0));
        return 0;
    });
}
