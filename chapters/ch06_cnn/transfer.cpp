/// @file transfer.cpp
/// @brief Transfer learning with frozen layers (see transfer.hpp).
#include "transfer.hpp"

#include <algorithm>
#include <cstdio>

#include "io/atomic_file.hpp"
#include "io/svg_plot.hpp"
#include "nn/dense.hpp"
#include "nn/init.hpp"
#include "nn/models.hpp"
#include "nn/trainer.hpp"

namespace ch06 {

using namespace dl;

namespace {

/// The images of classes [first, first + 5), relabelled 0 … 4 (at most per_class of each; 0:
/// all).
ImageDataset five_classes(const ImageDataset& d, int first, int64_t per_class) {
    std::vector<int64_t> idx, taken(d.classes, 0);
    for (int64_t j = 0; j < d.count(); ++j) {
        const int c = d.labels[j];
        if (c >= first && c < first + 5 && (per_class == 0 || taken[c] < per_class)) {
            ++taken[c];
            idx.push_back(j);
        }
    }
    ImageDataset s = subset(d, idx);
    for (auto& l : s.labels) l -= first;
    s.classes = 5;
    s.class_names.assign(d.class_names.begin() + first, d.class_names.begin() + first + 5);
    return s;
}

/// Trains for `epochs` and returns the test accuracy.
double fit(nn::Model& model, const ImageDataset& train, const ImageDataset& test, int epochs,
           double lr, uint64_t seed) {
    const Device dev = model.context().device;
    const DeviceImages dtrain = to_device(train, dev), dtest = to_device(test, dev);
    const nn::ImageSource src(dtrain, 28, 28), tsrc(dtest, 28, 28);
    nn::SoftmaxCrossEntropy loss;
    auto opt = nn::make_optimizer(nn::OptimizerKind::Adam, model.params(), lr);  // skips frozen
    nn::TrainOptions to;
    to.batch = std::min<int64_t>(64, train.count());
    to.seed = seed;
    nn::Trainer t(model, loss, *opt, src, to);
    t.fit(epochs);
    return t.evaluate(tsrc).accuracy;
}

int64_t count(const nn::ParamStore& ps, bool frozen) {
    int64_t n = 0;
    for (const auto& p : ps.params())
        if (p->frozen == frozen) n += p->shape.numel();
    return n;
}

//! [transfer_freeze]
/// Starts afresh the dense layers whose names start with `prefixes` ("fc3" or "fc"): W
/// re-drawn, b = 0; keeps every other parameter.
void new_layers(nn::Model& m, const std::vector<std::string>& prefixes, uint64_t seed) {
    Rng rng(seed);
    for (const auto& p : m.params().params())
        for (const auto& pre : prefixes)
            if (p->name.rfind(pre, 0) == 0) {
                if (p->decay)
                    nn::init_weights(p->value, p->name == "fc3.W" ? nn::Init::Xavier : nn::Init::He, rng);
                else
                    p->value.fill(0.0);
            }
}
//! [transfer_freeze]

}  // namespace

TransferReport run_transfer(const TransferSettings& s, const ImageData& data,
                            const std::string& out) {
    std::printf("\n== 6. Transfer learning (迁移学习) ==\n");
    TransferReport r;
    const ImageDataset a_train = five_classes(data.train, 0, s.task_a_per_class);
    const ImageDataset a_test = five_classes(data.test, 0, 0);
    const ImageDataset b_test = five_classes(data.test, 5, 0);
    r.task_b_test = b_test.count();
    std::printf("Task A: classes 0-4 (%s, …, %s), %lld training images. Task B: classes 5-9 (%s, "
                "…, %s) from a few labelled images; tested on %lld.\n",
                a_train.class_names.front().c_str(), a_train.class_names.back().c_str(),
                (long long)a_train.count(), data.train.class_names[5].c_str(),
                data.train.class_names[9].c_str(), (long long)r.task_b_test);
    const nn::Context ctx{s.device, DType::F32};
    const Shape in = Shape::images(1, 1, 28, 28);
    nn::LeNetOptions five;
    five.classes = 5;

    // Pre-train LeNet-5 on task A.
    nn::Model model(nn::lenet5(five), in, 64, ctx);
    Rng r_init(s.seed + 20);
    model.initialize(r_init);
    r.task_a_accuracy = fit(model, a_train, a_test, s.epochs_a, s.lr, s.seed + 21);
    std::printf("LeNet-5 trained on task A for %d epochs: test accuracy %.4f on its %lld test "
                "images.\n", s.epochs_a, r.task_a_accuracy, (long long)a_test.count());
    const Tensor pretrained = model.params().values().clone();

    // The lecture's options, from "train everything afresh" to "freeze all but the softmax".
    r.methods = {
        {"from scratch", false, "", {}},
        {"all frozen but the softmax layer", true, "fc3", {"conv", "fc1", "fc2"}},
        {"convolutions frozen", true, "fc", {"conv"}},
        {"all fine-tuned", true, "fc", {}},
    };
    std::printf("Task B, test accuracy after about %lld steps of Adam on the labelled images:\n",
                (long long)s.steps_b);
    std::printf("  %9s %7s", "labelled", "epochs");
    for (const auto& m : r.methods) std::printf("  %s", m.name.c_str());
    std::printf("\n");
    for (const int64_t per_class : s.labelled_per_class) {
        const ImageDataset b_train = five_classes(data.train, 5, per_class);
        TransferRow row;
        row.labelled = b_train.count();
        const int64_t steps_per_epoch = (row.labelled + 63) / 64;
        row.epochs = int(std::max<int64_t>(20, (s.steps_b + steps_per_epoch - 1) / steps_per_epoch));
        const uint64_t seed = s.seed + uint64_t(per_class);
        std::printf("  %9lld %7d", (long long)row.labelled, row.epochs);
        for (auto& m : r.methods) {
            //! [transfer_run]
            Tensor values = model.params().values();
            if (m.pretrained) {
                values.copy_from(pretrained);                  // task A's weights …
                new_layers(model, {m.new_prefix}, seed + 30);  // … with new dense layers
            } else {
                Rng rng(seed + 10);
                model.initialize(rng);                          // random weights everywhere
            }
            model.params().freeze("", false);
            for (const auto& f : m.frozen) model.params().freeze(f);  // a flag on each parameter
            const Tensor before = values.clone();
            row.accuracy.push_back(fit(model, b_train, b_test, row.epochs, s.lr, seed + 31));
            //! [transfer_run]
            // Frozen parameters kept their values bit for bit.
            for (const auto& p : model.params().params())
                if (p->frozen)
                    r.frozen_unchanged = r.frozen_unchanged &&
                                         p->value.values() ==
                                             before.slice_cols(p->offset, p->offset + p->shape.numel()).values();
            m.trainable = count(model.params(), false);
            m.frozen_count = count(model.params(), true);
            std::printf("  %*.4f", int(m.name.size()), row.accuracy.back());
            std::fflush(stdout);
        }
        std::printf("\n");
        r.rows.push_back(row);
    }
    model.params().freeze("", false);
    std::printf("Parameters trained (frozen):");
    for (const auto& m : r.methods)
        std::printf(" %s %lld (%lld);", m.name.c_str(), (long long)m.trainable, (long long)m.frozen_count);
    std::printf("\nThe frozen parameters %s: the optimizer skips their segments of the flat "
                "buffer.\n", r.frozen_unchanged ? "did not move" : "MOVED");
    SvgPlot p("Task B: test accuracy against labelled images", "labelled images (5 classes)",
              "test accuracy");
    for (std::size_t k = 0; k < r.methods.size(); ++k) {
        std::vector<double> xs, ys;
        for (const auto& row : r.rows) {
            xs.push_back(double(row.labelled));
            ys.push_back(row.accuracy[k]);
        }
        p.line(xs, ys, r.methods[k].name, k == 0);
    }
    p.save(join_path(out, "transfer.svg"));
    std::printf("Figure: transfer.svg. The lecture's rule (数据越多，需要冻结的层数越少): with few "
                "labels, reuse and freeze; with many, fine-tune or train everything.\n");
    return r;
}

Json to_json(const TransferReport& r) {
    Json j = Json::object();
    j["task_a_accuracy"] = r.task_a_accuracy;
    j["task_b_test_images"] = r.task_b_test;
    j["frozen_unchanged"] = r.frozen_unchanged;
    Json methods = Json::array();
    for (const auto& m : r.methods) {
        Json o = Json::object();
        o["method"] = m.name;
        o["trainable"] = m.trainable;
        o["frozen"] = m.frozen_count;
        methods.push_back(o);
    }
    j["methods"] = methods;
    Json rows = Json::array();
    for (const auto& row : r.rows) {
        Json o = Json::object();
        o["labelled"] = row.labelled;
        o["epochs"] = row.epochs;
        o["accuracy"] = row.accuracy;
        rows.push_back(o);
    }
    j["rows"] = rows;
    return j;
}

}  // namespace ch06
