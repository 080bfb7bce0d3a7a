/// @file real_data.cpp
/// @brief Training the deep network on real images (see real_data.hpp).
#include "real_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "core/device.hpp"
#include "data/digits.hpp"
#include "data/fashion_mnist.hpp"
#include "exercises/ch04.hpp"
#include "io/atomic_file.hpp"
#include "io/history.hpp"
#include "io/png.hpp"
#include "io/svg_plot.hpp"
#include "kernels/batch.hpp"
#include "nn/params_io.hpp"
#include "net.hpp"
#include "nn/trainer.hpp"

namespace ch04 {

using namespace dl;

double peak_rss_mb() {
    std::ifstream in("/proc/self/status");
    std::string key;
    while (in >> key) {
        if (key == "VmHWM:") {
            double kb = 0;
            in >> kb;
            return kb / 1024.0;
        }
        std::string rest;
        std::getline(in, rest);
    }
    return 0.0;
}

std::pair<ImageDataset, ImageDataset> load_images(const std::string& data, uint64_t seed) {
    if (data.empty() || data == "digits") {
        const Dataset d = load_digits(find_dataset_file("digits.csv.gz"));
        Rng rng(seed);
        auto [train, test] = stratified_split(d, 0.2, rng);
        ImageDataset a = images_from_dataset(train, 8, 8, 16);
        ImageDataset b = images_from_dataset(test, 8, 8, 16);
        a.name = "digits train";
        b.name = "digits test";
        return {std::move(a), std::move(b)};
    }
    if (data == "fashion") return load_fashion_mnist();
    if (data == "mnist") return load_mnist();
    namespace fs = std::filesystem;
    if (fs::is_directory(data)) return load_mnist(data);  // any folder of the four IDX files
    if (fs::is_regular_file(data)) {
        const Dataset d = load_digits(data);  // a digits-format CSV
        Rng rng(seed);
        auto [train, test] = stratified_split(d, 0.2, rng);
        return {images_from_dataset(train, 8, 8, 16), images_from_dataset(test, 8, 8, 16)};
    }
    if (data.find('/') != std::string::npos) return load_mnist(data);  // names what is missing
    fail("--data '", data, "': expected digits, fashion, mnist, a folder holding the four MNIST "
         "IDX files, or a digits CSV file");
}

namespace {

double stddev(const Tensor& A) {
    const auto v = A.values();
    double s = 0, s2 = 0;
    for (double x : v) s += x, s2 += x * x;
    const double mean = s / v.size();
    return std::sqrt(std::max(0.0, s2 / v.size() - mean * mean));
}

}  // namespace

std::vector<std::pair<std::string, std::vector<double>>> init_scales(const ImageDataset& d,
                                                                     uint64_t seed) {
    const int64_t m = std::min<int64_t>(256, d.count());
    DeviceImages di = to_device(d, Device::CPU);
    std::vector<int32_t> seq(m);
    std::iota(seq.begin(), seq.end(), 0);
    DeviceArray<int32_t> order(seq, Device::CPU);
    Tensor X(Shape::matrix(d.features(), m)), Y(Shape::matrix(d.classes, m));
    gather_batch(di.pixels, di.labels, order, 0, di.scale, X, Y);
    std::vector<int64_t> sizes = {d.features()};
    for (int l = 0; l < 10; ++l) sizes.push_back(100);
    sizes.push_back(d.classes);
    std::vector<std::pair<std::string, std::vector<double>>> out;
    for (nn::Init init : {nn::Init::Small, nn::Init::Xavier, nn::Init::He}) {
        Rng rng(seed);
        auto net = make_net(sizes, Activation::ReLU, init, rng, m);
        net->forward(X, {false});
        auto& layers = static_cast<nn::Sequential&>(net->net());
        std::vector<double> s;  // A[l] is the output of the l-th ReLU: layer 2l − 1 (from 0)
        for (std::size_t i = 1; i + 1 < layers.size(); i += 2) s.push_back(stddev(layers.output(i)));
        out.push_back({nn::init_name(init), s});
    }
    return out;
}

TrainReport run_training(const TrainSettings& s) {
    TrainReport r;
    std::printf("\n== 6. Deep network on real images: %s ==\n",
                s.data.empty() ? "digits" : s.data.c_str());
    auto [train, test] = load_images(s.data, s.seed);
    Rng rng(s.seed + 1);
    ImageDataset val = take_validation(train, s.val_fraction, rng);
    r.data = train.name;
    r.train_count = train.count();
    r.val_count = val.count();
    r.test_count = test.count();
    std::printf("%s: %lld training, %lld validation, %lld test images of %lld x %lld pixels, "
                "%d classes; kept as bytes (%.1f MB), converted per mini-batch.\n",
                s.data.empty() ? "digits" : s.data.c_str(), (long long)train.count(),
                (long long)val.count(), (long long)test.count(), (long long)train.height,
                (long long)train.width, train.classes,
                (train.pixels.size() + val.pixels.size() + test.pixels.size()) / 1e6);

    // Xavier vs He: the spread of the activations through 10 ReLU layers at initialisation.
    r.init_scales = init_scales(train, s.seed);
    std::printf("Spread (std) of A[l] through 10 ReLU layers of 100 units at initialisation:\n");
    for (const auto& [name, v] : r.init_scales) {
        std::printf("  %-7s A[1] %.3g  A[5] %.3g  A[10] %.3g\n", name.c_str(), v[0], v[4], v[9]);
    }
    std::printf("He (Var = 2/n) keeps the scale through ReLU layers; Xavier (1/n) halves the "
                "variance at every layer; 0.01·N(0,1) makes the signal vanish.\n");

    std::vector<int64_t> sizes = {train.features()};
    sizes.insert(sizes.end(), s.hidden.begin(), s.hidden.end());
    sizes.push_back(train.classes);
    Rng init_rng(s.seed + 2);
    auto net = make_net(sizes, s.activation, s.init, init_rng, s.batch, s.device);
    r.model = describe(*net, s.activation);
    std::printf("Model %s (%lld parameters), %s initialisation, %s, learning rate %g, batch %lld, "
                "on %s.\n", r.model.c_str(), (long long)net->num_parameters(), nn::init_name(s.init),
                nn::optimizer_name(s.optimizer), s.lr, (long long)s.batch,
                device_name(s.device));

    const DeviceImages dtrain = to_device(train, s.device);
    const DeviceImages dval = to_device(val, s.device);
    const DeviceImages dtest = to_device(test, s.device);
    const nn::ImageSource train_src(dtrain, train.height, train.width);
    const nn::ImageSource val_src(dval, val.height, val.width);
    const nn::ImageSource test_src(dtest, test.height, test.width);
    nn::SoftmaxCrossEntropy loss;
    auto opt = nn::make_optimizer(s.optimizer, net->params(), s.lr);
    nn::TrainOptions to;
    to.batch = s.batch;
    to.seed = s.seed + 3;  // the shuffling
    to.progress = s.progress;
    //! [lr_decay]
    // Lecture 004: α = α0 / (1 + decay_rate·epoch_num), epoch_num = 0, 1, … (the trainer
    // numbers its epochs e = 1, 2, …, so epoch_num = e − 1 and the first epoch runs at α0).
    to.lr_schedule = [&](int e) {
        const int epoch_num = e - 1;
        return s.lr / (1.0 + s.decay * epoch_num);
    };
    //! [lr_decay]
    nn::Trainer trainer(*net, loss, *opt, train_src, to);

    // One JSON line per epoch beside the figures; the training curves are drawn from it.
    History history(join_path(s.out, "history.jsonl"));
    if (!s.load.empty()) {
        nn::load_params(s.load, nn::named_values(net->params()));
        std::printf("Loaded the parameters from '%s' (training skipped).\n", s.load.c_str());
    } else {
        if (!s.resume.empty()) {
            //! [resume]
            trainer.load_checkpoint(s.resume);  // weights, Adam's moments, epoch, shuffling
            //! [resume]
            DL_CHECK(trainer.epoch() < s.epochs, "--resume '", s.resume, "' already holds ",
                     trainer.epoch(), " epochs; ask for more with --epochs (now ", s.epochs, ")");
            std::printf("Resumed from '%s' after epoch %d.\n", s.resume.c_str(), trainer.epoch());
        }
        // On the GPU, load cuBLAS and its kernels now: otherwise the first epoch's time also
        // counts that one-time start-up (about a second) and the s/epoch figure is wrong.
        warm_up(s.device);
        for (int e = trainer.epoch() + 1; e <= s.epochs; ++e) {
            trainer.set_epochs_planned(s.epochs);
            const nn::EpochRecord er = trainer.train_epoch();
            r.train_loss.push_back(er.train_loss);
            r.train_acc.push_back(er.train_accuracy);
            r.epoch_seconds.push_back(er.seconds);
            if (val.count() > 0) {
                const nn::EvalResult ev = trainer.evaluate(val_src);
                r.val_loss.push_back(ev.loss);
                r.val_acc.push_back(ev.accuracy);
            }
            std::printf("  epoch %2d: training loss %.4f, accuracy %.4f", e, er.train_loss,
                        er.train_accuracy);
            if (val.count() > 0)
                std::printf(" | validation loss %.4f, accuracy %.4f", r.val_loss.back(),
                            r.val_acc.back());
            std::printf(" | %.3f s/epoch\n", er.seconds);
            std::fflush(stdout);
            history.add({{"epoch", e}, {"lr", er.lr},
                         {"train_loss", er.train_loss}, {"train_accuracy", er.train_accuracy},
                         {"val_loss", val.count() > 0 ? Json(r.val_loss.back()) : Json()},
                         {"val_accuracy", val.count() > 0 ? Json(r.val_acc.back()) : Json()},
                         {"seconds", er.seconds}});
            if (!s.checkpoint.empty()) trainer.save_checkpoint(s.checkpoint, true);
        }
        history.save();
        r.epochs = s.epochs;
        r.seconds_per_epoch = std::accumulate(r.epoch_seconds.begin(), r.epoch_seconds.end(), 0.0) /
                              double(std::max<std::size_t>(1, r.epoch_seconds.size()));
    }

    const nn::EvalResult ev = trainer.evaluate(test_src, true);
    r.test_loss = ev.loss;
    r.test_accuracy = ev.accuracy;
    std::printf("Test accuracy %.4f (loss %.4f) on %lld images.\n", r.test_accuracy, r.test_loss,
                (long long)test.count());

    // Confusion matrix (混淆矩阵): rows are the true classes, columns the predictions.
    const int K = test.classes;
    r.confusion.assign(K, std::vector<int64_t>(K, 0));
    for (int64_t j = 0; j < test.count(); ++j) ++r.confusion[test.labels[j]][ev.predictions[j]];
    std::printf("Confusion matrix (rows: true class, columns: predicted):\n      ");
    for (int k = 0; k < K; ++k) std::printf("%6d", k);
    std::printf("\n");
    for (int t = 0; t < K; ++t) {
        std::printf("  %2d  ", t);
        for (int k = 0; k < K; ++k) std::printf("%6lld", (long long)r.confusion[t][k]);
        std::printf("   %s\n", t < int(test.class_names.size()) ? test.class_names[t].c_str() : "");
    }

    // The misclassified images, framed in red.
    std::vector<int64_t> wrong;
    for (int64_t j = 0; j < test.count(); ++j)
        if (ev.predictions[j] != test.labels[j]) wrong.push_back(j);
    if (!wrong.empty()) {
        const int cols = 10, shown = int(std::min<std::size_t>(wrong.size(), 50));
        const int rows = (shown + cols - 1) / cols;
        ImageGrid grid(int(test.height), int(test.width), cols, rows, test.height <= 8 ? 6 : 2);
        std::vector<uint8_t> tile(test.features());
        for (int i = 0; i < shown; ++i) {
            const uint8_t* px = test.pixels.data() + wrong[i] * test.features();
            for (int64_t p = 0; p < test.features(); ++p)
                tile[p] = uint8_t(std::min(255.0f, px[p] * test.scale * 255.0f));
            grid.set_tile(i, tile.data(), {220, 40, 40}, true);
        }
        const std::string png = join_path(s.out, "misclassified.png");
        grid.save_png(png);
        std::printf("%zu test images misclassified; the first %d are in %s, e.g. ", wrong.size(),
                    shown, png.c_str());
        for (int i = 0; i < std::min(shown, 5); ++i) {
            const int t = test.labels[wrong[i]], p = ev.predictions[wrong[i]];
            std::printf("%s%s→%s", i ? ", " : "", test.class_names[t].c_str(),
                        test.class_names[p].c_str());
        }
        std::printf(".\n");
    }

    if (history.size() > 0) {
        const std::vector<double> ep = history.column("epoch");
        SvgPlot loss("Loss per epoch", "epoch", "cross-entropy");
        loss.line(ep, history.column("train_loss"), "training");
        if (!r.val_loss.empty()) loss.line(ep, history.column("val_loss"), "validation", true);
        SvgPlot acc("Accuracy per epoch", "epoch", "accuracy");
        acc.line(ep, history.column("train_accuracy"), "training");
        if (!r.val_acc.empty()) acc.line(ep, history.column("val_accuracy"), "validation", true);
        save_svg_grid({loss, acc}, 2, "Training " + r.model + " on " + r.data,
                      join_path(s.out, "training_curves.svg"));
    }
    if (!s.save.empty()) {
        nn::save_params(s.save, nn::named_values(net->params()), r.model, s.force);
        std::printf("Saved the parameters to '%s'.\n", s.save.c_str());
    }
    return r;
}

Json to_json(const TrainReport& r) {
    Json j = Json::object();
    j["data"] = r.data;
    j["model"] = r.model;
    j["train_samples"] = r.train_count;
    j["validation_samples"] = r.val_count;
    j["test_samples"] = r.test_count;
    j["train_loss"] = r.train_loss;
    j["train_accuracy"] = r.train_acc;
    j["validation_loss"] = r.val_loss;
    j["validation_accuracy"] = r.val_acc;
    j["epoch_seconds"] = r.epoch_seconds;
    j["test_loss"] = r.test_loss;
    Json conf = Json::array();
    for (const auto& row : r.confusion) conf.push_back(Json(row));
    j["confusion_matrix"] = conf;
    Json sc = Json::object();
    for (const auto& [name, v] : r.init_scales) sc[name] = v;
    j["init_activation_std"] = sc;
    return j;
}

}  // namespace ch04
