#include <cstdio>
#include <iostream>

#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "ring.hpp"

int main(int argc, char** argv) {
    return dl::run_main("ch08_gan", [&] {
        dl::CommonOptions opts;
        opts.lr = 1e-3;
        opts.out = "figures/ch08";
        int steps = 4000, pack = 1, gh = 128, gl = 2, dh = 128, dl_ = 1, zdim = 256, batch = 512, seeds = 1; double lrd = 1e-4, decay = 0.3;
        dl::ArgParser args("ch08_gan", "Chapter 8");
        args.add_common(opts);
        args.add_int("--steps", "steps", &steps, 1);
        args.add_int("--pack", "pack", &pack, 1, 16);
        args.add_int("--gh", "h", &gh, 1); args.add_int("--gl", "h", &gl, 1); args.add_int("--dh", "h", &dh, 1); args.add_int("--dl", "h", &dl_, 1); args.add_double("--lrd", "lr d", &lrd, true); args.add_double("--decay", "decay", &decay, false);
        args.add_int("--z-dim", "z", &zdim, 1);
        args.add_int("--batch", "batch", &batch, 1);
        args.add_int("--seeds", "seeds", &seeds, 1);
        if (!args.parse(argc, argv)) return 0;
        dl::ensure_writable_dir(opts.out);
        for (int s = 0; s < seeds; ++s) {
            ch08::RingSettings rs;
            rs.steps = steps; rs.pack = pack; rs.g_hidden = gh; rs.g_layers = gl; rs.d_hidden = dh; rs.d_layers = dl_; rs.lr_d = lrd; rs.decay = decay; rs.z_dim = zdim; rs.batch = batch;
            rs.lr_g = opts.lr; rs.seed = opts.seed + s; rs.progress = dl::progress_enabled(false);
            rs.label = pack > 1 ? "PacGAN" : "GAN";
            ch08::RingRun r = ch08::train_ring(rs);
            std::printf("seed %llu pack %d: modes %d hq %.3f  %.1f s;", (unsigned long long)rs.seed, pack,
                        r.quality.modes_covered, r.quality.high_quality, r.seconds);
            for (auto& q : r.snapshot_quality) std::printf(" %d/%.2f", q.modes_covered, q.high_quality);
            std::printf("\n");
            std::fflush(stdout);
            if (s == 0) {
                ch08::save_ring_snapshots(r, opts.out + "/ring_snapshots.svg");
                ch08::save_decision_surfaces({&r}, opts.out + "/ring_surface.svg");
                ch08::save_ring_losses({&r}, opts.out + "/ring_losses.svg");
            }
        }
        return 0;
    });
}
