/// @file augment_early.cpp
/// @brief Section 4: the lecture's other regularizers — data augmentation (数据扩增: random
/// shifts and flips, drawn on the fly for every batch) and early stopping (提前停止), both on
/// the overfitting setup.
#include <algorithm>
#include <cstdio>
#include <numeric>

#include "io/png.hpp"
#include "io/svg_plot.hpp"
#include "nn/augmented_source.hpp"
#include "overfitting.hpp"

namespace ch05 {

using namespace dl;

namespace {

/// Eight training images (top row) and four augmented draws of each (rows below), as a PNG.
void save_augmented_grid(const Split& s, const AugmentSettings& a, uint64_t seed,
                         const std::string& path) {
    const int cols = 8, rows = 5;
    const nn::ImageSource& src = *s.train_src;
    // The grid is drawn on the CPU: a CPU view of the same images.
    const DeviceImages host = to_device(s.train, Device::CPU);
    const nn::ImageSource plain(host, 28, 28);
    const nn::AugmentedImageSource aug(plain, a, seed);
    (void)src;
    std::vector<int32_t> ord(cols);
    std::iota(ord.begin(), ord.end(), 0);
    const DeviceArray<int32_t> order(ord, Device::CPU);
    Tensor X(plain.input_shape(cols)), Y(plain.target_shape(cols));
    ImageGrid grid(28, 28, cols, rows, 2);
    std::vector<uint8_t> tile(28 * 28);
    for (int r = 0; r < rows; ++r) {
        if (r == 0)
            plain.gather(order, 0, X, Y);
        else
            aug.gather(order, 0, X, Y);
        const auto v = X.values();
        for (int c = 0; c < cols; ++c) {
            for (int p = 0; p < 28 * 28; ++p)
                tile[p] = uint8_t(std::clamp(v[c * 784 + p] * 255.0, 0.0, 255.0));
            grid.set_tile(r * cols + c, tile.data(), r == 0 ? std::array<uint8_t, 3>{40, 40, 200}
                                                           : std::array<uint8_t, 3>{200, 200, 200},
                          true);
        }
    }
    grid.save_png(path);
}

}  // namespace

AugmentEarlyReport run_augment_early(const Split& s, const Overfit& o, const RunResult& baseline,
                                     const Env& env) {
    std::printf("\n== 4. Data augmentation and early stopping ==\n");
    AugmentEarlyReport r;
    const AugmentSettings a{2, true};
    save_augmented_grid(s, a, env.seed, figure(env, "augmented.png"));
    TrainSpec t = o.train;
    t.augment = a;
    t.label = "augmented";
    r.augmented = train_run(s, o.big, t, env, env.seed);
    std::printf("Augmentation (every batch shifted by up to ±%d pixels and mirrored at random, on "
                "the fly: augmented.png shows draws): train %.4f, dev %.4f, gap %.1f points "
                "(without: dev %.4f, gap %.1f).\n", a.max_shift, r.augmented.train_eval_acc,
                r.augmented.dev_final_acc, 100 * r.augmented.gap(), baseline.dev_final_acc,
                100 * baseline.gap());

    r.patience = env.quick ? 5 : 10;
    t = o.train;
    t.patience = r.patience;
    t.label = "early stopping";
    r.early = train_run(s, o.big, t, env, env.seed);
    std::printf("Early stopping (patience %d epochs on the dev cost): stopped after epoch %d, "
                "kept epoch %d: train %.4f, dev %.4f, gap %.1f points (training all %d epochs: "
                "dev %.4f).\n", r.patience, r.early.epochs, r.early.best_epoch,
                r.early.train_eval_acc, r.early.dev_final_acc, 100 * r.early.gap(),
                o.train.epochs, baseline.dev_final_acc);

    std::vector<double> ep(baseline.dev_loss.size());
    std::iota(ep.begin(), ep.end(), 1.0);
    SvgPlot loss("Dev cost per epoch", "epoch", "dev cross-entropy");
    loss.line(ep, baseline.dev_loss, "no regularization", true);
    loss.line(std::vector<double>(ep.begin(), ep.begin() + r.augmented.dev_loss.size()),
              r.augmented.dev_loss, "augmentation");
    const int b = r.early.best_epoch;
    if (b > 0) {
        loss.line({double(b), double(b)}, {0.0, r.early.dev_loss[b - 1]}, "early stop: best epoch");
    }
    SvgPlot acc("Accuracy per epoch", "epoch", "accuracy");
    acc.line(ep, baseline.train_acc, "no regularization: training", true);
    acc.line(ep, baseline.dev_acc, "no regularization: dev", true);
    acc.line(ep, r.augmented.train_acc, "augmentation: training");
    acc.line(ep, r.augmented.dev_acc, "augmentation: dev");
    save_svg_grid({loss, acc}, 2, "Data augmentation and early stopping",
                  figure(env, "augment_early.svg"));
    return r;
}

Json to_json(const AugmentEarlyReport& r) {
    Json j = Json::object();
    j["augmented"] = to_json(r.augmented);
    j["early_stopping"] = to_json(r.early);
    j["early_stopping"]["patience"] = r.patience;
    return j;
}

}  // namespace ch05
