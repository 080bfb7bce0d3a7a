/// @file images.cpp
/// @brief GANs on the digits and on Fashion-MNIST (see images.hpp).
#include "images.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "cli/progress.hpp"
#include "data/dataset.hpp"
#include "data/digits.hpp"
#include "data/fashion_mnist.hpp"
#include "gan.hpp"
#include "io/atomic_file.hpp"
#include "io/history.hpp"
#include "io/png.hpp"
#include "io/svg_plot.hpp"
#include "judge.hpp"
#include "kernels/axpby.hpp"
#include "kernels/batch.hpp"
#include "kernels/broadcast.hpp"
#include "nn/activation_layer.hpp"
#include "nn/batchnorm.hpp"
#include "nn/conv2d.hpp"
#include "nn/conv_transpose2d.hpp"
#include "nn/dense.hpp"
#include "nn/flatten.hpp"
#include "nn/label_channels.hpp"
#include "nn/mlp.hpp"
#include "nn/models.hpp"
#include "nn/reshape.hpp"

namespace ch08 {

using namespace dl;

namespace {

constexpr int kClasses = 10;

std::pair<ImageDataset, ImageDataset> load(const ImageGanSettings& s) {
    if (s.data == "digits") {
        const Dataset d = load_digits(find_dataset_file("digits.csv.gz"));
        Rng rng(s.seed);
        auto [train, test] = stratified_split(d, 0.2, rng);
        ImageDataset a = images_from_dataset(train, 8, 8, 16), b = images_from_dataset(test, 8, 8, 16);
        a.name = "digits train";
        b.name = "digits test";
        return {std::move(a), std::move(b)};
    }
    DL_CHECK(s.data == "fashion", "--data '", s.data, "': expected ring, digits or fashion");
    return load_fashion_mnist(s.fashion_dir);
}

/// The dense pair for the 8x8 digits: 64 pixels (+ 10 label numbers) in, one logit out.
void dense_nets(int64_t n, std::unique_ptr<nn::Sequential>& G, std::unique_ptr<nn::Sequential>& D) {
    G = std::make_unique<nn::Sequential>();
    G->add<nn::Dense>(128);
    G->add<nn::ActivationLayer>(Activation::ReLU);
    G->add<nn::Dense>(256);
    G->add<nn::ActivationLayer>(Activation::ReLU);
    G->add<nn::Dense>(n, nn::Init::Xavier);
    G->add<nn::ActivationLayer>(Activation::Tanh);
    D = std::make_unique<nn::Sequential>();
    D->add<nn::Dense>(256);
    D->add<nn::ActivationLayer>(Activation::LeakyReLU, 0.2);
    D->add<nn::Dense>(128);
    D->add<nn::ActivationLayer>(Activation::LeakyReLU, 0.2);
    D->add<nn::Dense>(1, nn::Init::Xavier);
}

//! [dcgan]
/// The convolutional pair for 28x28 images (images.hpp), c filters in G's last hidden layer
/// and D's first.
void conv_nets(int64_t c, bool conditional, std::unique_ptr<nn::Sequential>& G,
               std::unique_ptr<nn::Sequential>& D) {
    G = std::make_unique<nn::Sequential>();
    G->add<nn::Dense>(7 * 7 * 2 * c);                                  // [z; y] → 2c·7·7
    G->add<nn::Reshape>(Shape::images(1, 2 * c, 7, 7));
    G->add<nn::BatchNorm2d>();
    G->add<nn::ActivationLayer>(Activation::ReLU);
    G->add<nn::ConvTranspose2d>(c, 4, 2, 1, 0, false);                  // → c×14×14
    G->add<nn::BatchNorm2d>();
    G->add<nn::ActivationLayer>(Activation::ReLU);
    G->add<nn::ConvTranspose2d>(1, 4, 2, 1, 0, true, nn::ConvAlgo::Im2col, nn::Init::Xavier);
    G->add<nn::ActivationLayer>(Activation::Tanh);                      // → 1×28×28 in (−1, 1)
    D = std::make_unique<nn::Sequential>();
    if (conditional) D->add<nn::LabelChannels>(1, 28, 28, kClasses);   // → (1 + 10)×28×28
    D->add<nn::Conv2d>(c, 4, 2, 1);                                     // → c×14×14
    D->add<nn::ActivationLayer>(Activation::LeakyReLU, 0.2);
    D->add<nn::Conv2d>(2 * c, 4, 2, 1, false);                          // → 2c×7×7
    D->add<nn::BatchNorm2d>();
    D->add<nn::ActivationLayer>(Activation::LeakyReLU, 0.2);
    D->add<nn::Flatten>();
    D->add<nn::Dense>(1, nn::Init::Xavier);                             // the logit
}
//! [dcgan]

/// x ← a·x + c on any device (c through a broadcast 1 x 1 tensor).
void affine(Tensor& x, double a, const Tensor& c11) {
    scale(x, a);
    broadcast_binary(BinaryOp::Add, x, c11, x);
}

/// One-hot labels (K x m) of the given classes, on `device`.
Tensor one_hot(const std::vector<int>& cls, Device device) {
    std::vector<double> v(cls.size() * kClasses, 0.0);
    for (std::size_t j = 0; j < cls.size(); ++j) v[j * kClasses + std::size_t(cls[j])] = 1.0;
    return Tensor::from_values(Shape::matrix(kClasses, int64_t(cls.size())), v).to(device);
}

/// A grid of images in [0, 1] (columns of X, H·W pixels each), `cols` per row.
std::string save_grid(const Tensor& X01, int64_t h, int64_t w, int cols, int rows,
                      const std::string& path) {
    const std::vector<double> v = X01.values();
    ImageGrid grid(int(h), int(w), cols, rows, h <= 8 ? 5 : 2);
    std::vector<uint8_t> tile(std::size_t(h * w));
    const int n = std::min<int>(cols * rows, int(X01.cols()));
    for (int k = 0; k < n; ++k) {
        for (int64_t p = 0; p < h * w; ++p)
            tile[std::size_t(p)] =
                uint8_t(std::lround(std::clamp(v[std::size_t(k * h * w + p)], 0.0, 1.0) * 255));
        grid.set_tile(k, tile.data(), {90, 90, 90}, true);
    }
    grid.save_png(path);
    return path;
}

}  // namespace

//! [image_gan_epoch]
ImageGanReport run_image_gan(const ImageGanSettings& s) {
    ImageGanReport r;
    const bool fashion = s.data == "fashion";
    auto [train, test] = load(s);
    if (s.train_limit > 0 && s.train_limit < train.count()) {
        train.pixels.resize(std::size_t(s.train_limit * train.features()));
        train.labels.resize(std::size_t(s.train_limit));
    }
    r.data = train.name;
    r.conditional = s.conditional;
    r.train_images = train.count();
    const int64_t H = train.height, W = train.width, n = H * W;
    const int64_t z_dim = s.z_dim > 0 ? s.z_dim : fashion ? 64 : 16;
    const int64_t eval_n = s.eval_samples > 0 ? s.eval_samples : fashion ? 5000 : 1000;
    const std::string prefix = std::string(fashion ? "fashion" : "digits") +
                               (s.conditional ? "_cgan" : "_gan");

    // The judge: LeNet-5 on Fashion-MNIST, an MLP on the digits, trained on the real images.
    JudgeSettings js;
    js.epochs = s.judge_epochs > 0 ? s.judge_epochs : fashion ? 3 : 30;
    js.lr = fashion ? 1e-3 : 3e-3;
    js.seed = s.seed;
    js.device = s.device;
    js.progress = s.progress;
    std::printf("Training the judge on %lld real images ...\n", (long long)train.count());
    std::fflush(stdout);
    Judge judge(fashion ? nn::lenet5() : nn::make_mlp({n, 128, 64, kClasses}, Activation::ReLU),
                train, test, js);
    r.judge = fashion ? "LeNet-5" : judge.name();
    r.judge_test_accuracy = judge.test_accuracy();
    r.real_frechet = judge.real_floor(eval_n);
    std::printf("Judge %s: test accuracy %.4f; its %lld features give a Fréchet distance of %.3f "
                "between real training and test images (the floor).\n", r.judge.c_str(),
                r.judge_test_accuracy, (long long)judge.feature_dim(), r.real_frechet);

    // The game.
    std::unique_ptr<nn::Sequential> Gnet, Dnet;
    if (fashion)
        conv_nets(s.width, s.conditional, Gnet, Dnet);
    else
        dense_nets(n, Gnet, Dnet);
    GanOptions o;
    o.z_dim = z_dim;
    o.batch = s.batch;
    o.classes = s.conditional ? kClasses : 0;
    o.lr_g = o.lr_d = s.lr;
    o.seed = s.seed;
    o.ctx.device = s.device;
    Rng init(s.seed * 1000 + 3);
    const Shape sample = fashion ? Shape::images(1, 1, H, W) : Shape::column(n);
    Gan gan(std::move(Gnet), std::move(Dnet), sample, o, init);
    r.generator = gan.G().describe();
    r.discriminator = gan.D().describe();
    r.g_params = gan.G().num_parameters();
    r.d_params = gan.D().num_parameters();
    std::printf("%s%s: G %lld parameters, D %lld, z of %lld, batch %lld, Adam %g (β₁ 0.5), %d "
                "epochs on %s.\n", s.conditional ? "Conditional " : "", fashion ? "DCGAN" : "GAN",
                (long long)r.g_params, (long long)r.d_params, (long long)z_dim, (long long)s.batch,
                s.lr, s.epochs, device_name(s.device));
    std::fflush(stdout);

    // Fixed noise and labels for the pictures and the measurements: class j % 10 for sample j.
    Rng eval_rng(s.seed * 1000 + 9);
    Tensor Zeval(Shape::matrix(z_dim, eval_n));
    eval_rng.fill_normal(Zeval);
    Zeval = Zeval.to(s.device);
    std::vector<int> want(static_cast<std::size_t>(eval_n));
    for (int64_t j = 0; j < eval_n; ++j) want[std::size_t(j)] = int(j % kClasses);
    const Tensor Yeval = one_hot(want, s.device);
    Tensor gen(Shape::matrix(n, eval_n), DType::F32, s.device);
    const Tensor half = Tensor::full(Shape::matrix(1, 1), 0.5, DType::F32, s.device);
    const Tensor minus_one = Tensor::full(Shape::matrix(1, 1), -1.0, DType::F32, s.device);

    const DeviceImages dtrain = to_device(train, s.device);
    const int64_t m = s.batch, steps = train.count() / m;  // the last partial batch is dropped
    DL_CHECK(steps >= 1, "the training set (", train.count(), " images) is smaller than a batch");
    Tensor X(Shape::matrix(n, m), DType::F32, s.device), Y(Shape::matrix(kClasses, m), DType::F32, s.device);
    std::vector<int32_t> order(std::size_t(train.count()));
    DeviceArray<int32_t> dorder(train.count(), s.device);
    Rng shuffle(s.seed * 1000 + 5), labels_rng(s.seed * 1000 + 7);
    std::vector<int> g_labels(static_cast<std::size_t>(m));
    History history(join_path(s.out, prefix + "_history.jsonl"));

    for (int e = 1; e <= s.epochs; ++e) {
        std::iota(order.begin(), order.end(), 0);
        shuffle.shuffle(order);
        dorder.copy_from_host(order.data(), int64_t(order.size()));
        Progress bar(steps, "epoch " + std::to_string(e) + "/" + std::to_string(s.epochs), s.progress);
        double dl_sum = 0, gl_sum = 0, dr_sum = 0, df_sum = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (int64_t k = 0; k < steps; ++k) {
            gather_batch(dtrain.pixels, dtrain.labels, dorder, k * m, dtrain.scale, X, Y);
            affine(X, 2.0, minus_one);  // [0, 1] → [−1, 1], tanh's range
            const StepStats d = gan.d_step(X, s.conditional ? &Y : nullptr);
            Tensor Yg;
            if (s.conditional) {  // G is asked for random classes
                for (int& c : g_labels) c = int(labels_rng.below(kClasses));
                Yg = one_hot(g_labels, s.device);
            }
            const StepStats g = gan.g_step(s.conditional ? &Yg : nullptr);
            DL_CHECK(std::isfinite(d.d_loss) && std::isfinite(g.g_loss), "the GAN's losses became "
                     "non-finite at epoch ", e, ", step ", k + 1, " (lr ", s.lr, ")");
            dl_sum += d.d_loss, gl_sum += g.g_loss, dr_sum += d.d_real, df_sum += g.d_fake;
            if ((k + 1) % 20 == 0) {
                char st[80];
                std::snprintf(st, sizeof st, "D %.3f G %.3f", dl_sum / double(k + 1), gl_sum / double(k + 1));
                bar.update(k + 1, st);
            }
        }
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.d_loss.push_back(dl_sum / double(steps));
        r.g_loss.push_back(gl_sum / double(steps));
        r.d_real.push_back(dr_sum / double(steps));
        r.d_fake.push_back(df_sum / double(steps));
        r.seconds.push_back(secs);

        // Measure: eval_n samples (class j % 10 when conditional), judged and compared.
        gan.generate(Zeval, s.conditional ? &Yeval : nullptr, gen);
        affine(gen, 0.5, half);  // back to [0, 1]
        std::vector<int> pred;
        MatrixD F;
        judge.classify(gen, pred, &F);
        r.frechet.push_back(frechet_distance(judge.real_moments(), feature_moments(F)));
        std::vector<int64_t> hits(kClasses, 0), seen(kClasses, 0);
        int64_t right = 0;
        for (int64_t j = 0; j < eval_n; ++j) {
            ++seen[std::size_t(pred[std::size_t(j)])];
            if (pred[std::size_t(j)] == want[std::size_t(j)]) ++right, ++hits[std::size_t(want[std::size_t(j)])];
        }
        int present = 0;  // classes that receive at least 1% of the samples
        for (int64_t c : seen) present += c * 100 >= eval_n;
        r.classes_present.push_back(present);
        if (s.conditional) {
            r.class_accuracy.push_back(double(right) / double(eval_n));
            r.per_class_accuracy.clear();
            for (int c = 0; c < kClasses; ++c)
                r.per_class_accuracy.push_back(double(hits[std::size_t(c)]) / double(eval_n / kClasses));
        }
        char line[256];
        std::snprintf(line, sizeof line, "  epoch %2d: J_D %.3f J_G %.3f D(x) %.2f D(G(z)) %.2f | "
                      "Fréchet %.2f%s | %.1f s", e, r.d_loss.back(), r.g_loss.back(),
                      r.d_real.back(), r.d_fake.back(), r.frechet.back(),
                      s.conditional ? (" | judged as asked " + std::to_string(right * 1000 / eval_n / 10.0).substr(0, 4) + "%").c_str()
                                    : (" | classes seen " + std::to_string(present) + "/10").c_str(),
                      secs);
        bar.finish("");
        std::printf("%s\n", line);
        std::fflush(stdout);
        history.add({{"epoch", e}, {"d_loss", r.d_loss.back()}, {"g_loss", r.g_loss.back()},
                     {"d_real", r.d_real.back()}, {"d_fake", r.d_fake.back()},
                     {"frechet", r.frechet.back()},
                     {"class_accuracy", s.conditional ? Json(r.class_accuracy.back()) : Json()},
                     {"classes_present", present}, {"seconds", secs}});

        // The grid of this epoch: 10 x 10 samples, row c asking for class c when conditional.
        if (e % s.grid_every == 0 || e == s.epochs) {
            char name[64];
            std::snprintf(name, sizeof name, "%s_epoch%02d.png", prefix.c_str(), e);
            // Samples j = c + 10·i are class c: ordered so that each row of the grid is a class.
            std::vector<double> v = gen.values(), g100(std::size_t(100 * n));
            for (int row = 0; row < 10; ++row)
                for (int col = 0; col < 10; ++col)
                    std::copy_n(v.begin() + (row + 10 * col) * n, n, g100.begin() + (row * 10 + col) * n);
            r.grids.push_back(save_grid(Tensor::from_values(Shape::matrix(n, 100), g100), H, W, 10,
                                        10, join_path(s.out, name)));
        }
    }
    history.save();

    // Loss curves and measurements per epoch.
    const std::vector<double> ep = history.column("epoch");
    SvgPlot losses("Losses per epoch", "epoch", "mean over the epoch");
    losses.line(ep, r.d_loss, "J_D");
    losses.line(ep, r.g_loss, "J_G", true);
    SvgPlot probs("D's verdicts", "epoch", "mean probability of 'real'");
    probs.line(ep, r.d_real, "D(x), real");
    probs.line(ep, r.d_fake, "D(G(z)), generated", true);
    SvgPlot fd("Fréchet distance to the test images", "epoch", "d² on the judge's features");
    fd.line(ep, r.frechet, "generated");
    fd.line(ep, std::vector<double>(ep.size(), r.real_frechet), "real training images", true);
    std::vector<SvgPlot> panels{losses, probs, fd};
    if (s.conditional) {
        SvgPlot acc("Judged as the class asked for", "epoch", "share of samples");
        acc.line(ep, r.class_accuracy, "conditional samples");
        acc.line(ep, std::vector<double>(ep.size(), r.judge_test_accuracy), "judge on real test images", true);
        panels.push_back(acc);
    }
    save_svg_grid(panels, 2, std::string(s.conditional ? "Conditional " : "") +
                                 (fashion ? "DCGAN on Fashion-MNIST" : "GAN on the 8x8 digits"),
                  join_path(s.out, prefix + "_curves.svg"));
    return r;
}
//! [image_gan_epoch]

Json to_json(const ImageGanReport& r) {
    Json j = Json::object();
    j["data"] = r.data;
    j["conditional"] = r.conditional;
    j["generator"] = r.generator;
    j["discriminator"] = r.discriminator;
    j["g_parameters"] = r.g_params;
    j["d_parameters"] = r.d_params;
    j["train_images"] = r.train_images;
    j["judge"] = r.judge;
    j["judge_test_accuracy"] = r.judge_test_accuracy;
    j["real_frechet"] = r.real_frechet;
    j["d_loss"] = r.d_loss;
    j["g_loss"] = r.g_loss;
    j["d_real"] = r.d_real;
    j["d_fake"] = r.d_fake;
    j["frechet"] = r.frechet;
    j["classes_present"] = r.classes_present;
    if (r.conditional) {
        j["class_accuracy"] = r.class_accuracy;
        j["per_class_accuracy"] = r.per_class_accuracy;
    }
    j["epoch_seconds"] = r.seconds;
    return j;
}

}  // namespace ch08
