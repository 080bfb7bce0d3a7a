/// @file training.cpp
/// @brief Training LeNet-5 and the small ResNet (see training.hpp).
#include "training.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "data/fashion_mnist.hpp"
#include "io/atomic_file.hpp"
#include "io/png.hpp"
#include "io/svg_plot.hpp"
#include "nn/models.hpp"
#include "nn/trainer.hpp"

namespace ch06 {

using namespace dl;

ImageData load_data(const std::string& data) {
    ImageData d;
    if (data.empty() || data == "fashion") {
        std::tie(d.train, d.test) = load_fashion_mnist();
        d.name = "Fashion-MNIST";
    } else if (data == "mnist") {
        std::tie(d.train, d.test) = load_mnist();
        d.name = "MNIST";
    } else if (std::filesystem::is_directory(data) || data.find('/') != std::string::npos) {
        std::tie(d.train, d.test) = load_mnist(data);  // names the missing files
        d.name = data;
    } else {
        fail("--data '", data, "': expected fashion, mnist, or a folder holding the four IDX files "
             "of an MNIST-format data set");
    }
    DL_CHECK(d.train.height == 28 && d.train.width == 28, "--data '", data, "': the networks of "
             "this chapter take 28x28 images, got ", d.train.height, "x", d.train.width);
    return d;
}

ImageDataset subset(const ImageDataset& d, const std::vector<int64_t>& indices) {
    ImageDataset s;
    s.name = d.name;
    s.height = d.height;
    s.width = d.width;
    s.classes = d.classes;
    s.class_names = d.class_names;
    s.scale = d.scale;
    const int64_t n = d.features();
    for (int64_t j : indices) {
        DL_CHECK(j >= 0 && j < d.count(), "subset: index ", j, " outside ", d.count(), " images");
        s.pixels.insert(s.pixels.end(), d.pixels.begin() + j * n, d.pixels.begin() + (j + 1) * n);
        s.labels.push_back(d.labels[j]);
    }
    return s;
}

ImageDataset first_per_class(const ImageDataset& d, int64_t per_class) {
    std::vector<int64_t> taken(d.classes, 0), idx;
    for (int64_t j = 0; j < d.count(); ++j)
        if (taken[d.labels[j]] < per_class) {
            ++taken[d.labels[j]];
            idx.push_back(j);
        }
    return subset(d, idx);
}

double cosine_lr(double lr, int epoch, int epochs) {
    //! [cosine_lr]
    return lr * 0.5 * (1.0 + std::cos(M_PI * double(epoch - 1) / double(std::max(epochs, 1))));
    //! [cosine_lr]
}

namespace {

/// The first layer's filters as a grid of k x k tiles, each scaled to its own range.
void save_filters(const Tensor& W, const std::string& path) {
    const int64_t k = W.shape()[0], C = W.shape()[2], F = W.shape()[3];
    const auto v = W.values();
    const int cols = int(std::min<int64_t>(F, 8)), rows = int((F + cols - 1) / cols);
    ImageGrid grid(static_cast<int>(k), static_cast<int>(k), cols, rows, k <= 3 ? 16 : 10);
    std::vector<uint8_t> tile(std::size_t(k * k));
    for (int64_t f = 0; f < F; ++f) {
        // Channel 0 of filter f (the networks' inputs are grey: C = 1).
        const double* w = v.data() + f * C * k * k;
        const auto [lo, hi] = std::minmax_element(w, w + k * k);
        for (int64_t i = 0; i < k * k; ++i)  // [k x k]: kw fastest, so row-major rows already
            tile[std::size_t(i)] = uint8_t(255.0 * (w[i] - *lo) / std::max(1e-12, *hi - *lo) + 0.5);
        grid.set_tile(int(f), tile.data(), {90, 90, 90});
    }
    grid.save_png(path);
}

/// The confusion matrix as an image: cell (true t, predicted p) darker the larger its share of
/// class t.
void save_confusion(const std::vector<std::vector<int64_t>>& c, const std::string& path) {
    const int K = int(c.size()), cell = 28;
    std::vector<uint8_t> px(std::size_t(K * cell) * K * cell * 3, 255);
    for (int t = 0; t < K; ++t) {
        const double total = double(std::max<int64_t>(1, std::accumulate(c[t].begin(), c[t].end(), int64_t(0))));
        for (int p = 0; p < K; ++p) {
            const double share = std::sqrt(double(c[t][p]) / total);  // √ so small errors show
            const uint8_t r = uint8_t(255 - 200 * share), g = uint8_t(255 - 140 * share),
                          b = uint8_t(255 - 40 * share);
            for (int y = 1; y < cell - 1; ++y)
                for (int x = 1; x < cell - 1; ++x) {
                    uint8_t* q = px.data() + (std::size_t(t * cell + y) * K * cell + p * cell + x) * 3;
                    q[0] = r, q[1] = g, q[2] = b;
                }
        }
    }
    write_png(path, px, K * cell, K * cell, 3);
}

}  // namespace

TrainReport run_training(const TrainSettings& s, const ImageData& data) {
    TrainReport r;
    r.model = s.model == "resnet" ? "small ResNet" : "LeNet-5";
    r.data = data.name;
    ImageDataset train = data.train, test = data.test;
    Rng rng(s.seed);
    if (s.train_limit > 0 && s.train_limit < train.count())
        train = first_per_class(train, (s.train_limit + train.classes - 1) / train.classes);
    if (s.test_limit > 0 && s.test_limit < test.count())
        test = first_per_class(test, (s.test_limit + test.classes - 1) / test.classes);
    ImageDataset val = take_validation(train, double(std::min(s.validation, train.count() / 5)) /
                                                  double(train.count()), rng);
    const bool validate = val.count() > 0;
    r.train_count = train.count();
    r.val_count = val.count();
    r.test_count = test.count();
    r.class_names = test.class_names;

    std::unique_ptr<nn::Sequential> net;
    if (s.model == "resnet")
        net = nn::small_resnet();
    else
        net = nn::lenet5();
    nn::Model model(std::move(net), Shape::images(1, 1, 28, 28), s.batch, {s.device, DType::F32});
    Rng init(s.seed + 1);
    model.initialize(init);
    r.params = model.num_parameters();
    std::printf("%s on %s: %lld training, %lld validation, %lld test images; %lld parameters; "
                "Adam, learning rate %g with cosine decay, batch %lld, %d epochs, on %s.\n",
                r.model.c_str(), data.name.c_str(), (long long)r.train_count,
                (long long)r.val_count, (long long)r.test_count, (long long)r.params, s.lr,
                (long long)s.batch, s.epochs, device_name(s.device));

    const DeviceImages dtrain = to_device(train, s.device), dval = to_device(val, s.device),
                       dtest = to_device(test, s.device);
    const nn::ImageSource train_src(dtrain, 28, 28), val_src(dval, 28, 28), test_src(dtest, 28, 28);
    nn::SoftmaxCrossEntropy loss;
    auto opt = nn::make_optimizer(nn::OptimizerKind::Adam, model.params(), s.lr);
    nn::TrainOptions to;
    to.batch = s.batch;
    to.seed = s.seed + 2;
    to.progress = s.progress;
    to.lr_schedule = [&](int e) { return cosine_lr(s.lr, e, s.epochs); };
    nn::Trainer trainer(model, loss, *opt, train_src, to);
    trainer.set_epochs_planned(s.epochs);
    double best = -1;
    for (int e = 1; e <= s.epochs; ++e) {
        const nn::EpochRecord er = trainer.train_epoch();
        r.train_loss.push_back(er.train_loss);
        r.train_acc.push_back(er.train_accuracy);
        r.epoch_seconds.push_back(er.seconds);
        r.lr.push_back(er.lr);
        std::printf("  epoch %2d: lr %.2e | training loss %.4f, accuracy %.4f", e, er.lr,
                    er.train_loss, er.train_accuracy);
        if (validate) {
            const nn::EvalResult ev = trainer.evaluate(val_src);
            r.val_loss.push_back(ev.loss);
            r.val_acc.push_back(ev.accuracy);
            if (ev.accuracy > best) best = ev.accuracy, r.best_epoch = e;
            std::printf(" | validation loss %.4f, accuracy %.4f", ev.loss, ev.accuracy);
        }
        std::printf(" | %.1f s\n", er.seconds);
        std::fflush(stdout);
    }
    r.epochs = s.epochs;
    r.seconds_total = std::accumulate(r.epoch_seconds.begin(), r.epoch_seconds.end(), 0.0);
    r.seconds_per_epoch = r.seconds_total / double(std::max(1, s.epochs));

    const nn::EvalResult ev = trainer.evaluate(test_src, true);
    r.test_loss = ev.loss;
    r.test_accuracy = ev.accuracy;
    std::printf("Test accuracy %.4f (loss %.4f) on %lld images after %d epochs, %.1f s of "
                "training (%.1f s per epoch).\n", r.test_accuracy, r.test_loss,
                (long long)r.test_count, r.epochs, r.seconds_total, r.seconds_per_epoch);

    const int K = test.classes;
    r.confusion.assign(K, std::vector<int64_t>(K, 0));
    for (int64_t j = 0; j < test.count(); ++j) ++r.confusion[test.labels[j]][ev.predictions[j]];
    std::printf("Confusion matrix (混淆矩阵; rows: true class, columns: predicted):\n      ");
    for (int k = 0; k < K; ++k) std::printf("%6d", k);
    std::printf("\n");
    for (int t = 0; t < K; ++t) {
        std::printf("  %2d  ", t);
        for (int k = 0; k < K; ++k) std::printf("%6lld", (long long)r.confusion[t][k]);
        std::printf("   %s\n", t < int(test.class_names.size()) ? test.class_names[t].c_str() : "");
    }

    const std::string prefix = s.model == "resnet" ? "resnet" : "lenet";
    std::vector<double> ep(r.train_loss.size());
    std::iota(ep.begin(), ep.end(), 1.0);
    SvgPlot lp(r.model + ": loss per epoch", "epoch", "cross-entropy");
    lp.line(ep, r.train_loss, "training");
    if (validate) lp.line(ep, r.val_loss, "validation", true);
    SvgPlot ap(r.model + ": accuracy per epoch", "epoch", "accuracy");
    ap.line(ep, r.train_acc, "training");
    if (validate) ap.line(ep, r.val_acc, "validation", true);
    save_svg_grid({lp, ap}, 2, r.model + " on " + data.name, join_path(s.out, prefix + "_curves.svg"));
    save_confusion(r.confusion, join_path(s.out, prefix + "_confusion.png"));
    const Tensor W1 = model.params().param("conv1.W").value.to(Device::CPU);
    save_filters(W1, join_path(s.out, prefix + "_filters.png"));
    std::printf("Figures: %s_curves.svg, %s_confusion.png, %s_filters.png (the %lld learned "
                "%lldx%lld filters of conv1).\n", prefix.c_str(), prefix.c_str(), prefix.c_str(),
                (long long)W1.shape()[3], (long long)W1.shape()[0], (long long)W1.shape()[0]);
    return r;
}

Json to_json(const TrainReport& r) {
    Json j = Json::object();
    j["model"] = r.model;
    j["data"] = r.data;
    j["parameters"] = r.params;
    j["train_images"] = r.train_count;
    j["validation_images"] = r.val_count;
    j["test_images"] = r.test_count;
    j["epochs"] = r.epochs;
    j["test_accuracy"] = r.test_accuracy;
    j["test_loss"] = r.test_loss;
    j["seconds_per_epoch"] = r.seconds_per_epoch;
    j["seconds_total"] = r.seconds_total;
    j["train_loss"] = r.train_loss;
    j["val_accuracy"] = r.val_acc;
    j["epoch_seconds"] = r.epoch_seconds;
    return j;
}

}  // namespace ch06
