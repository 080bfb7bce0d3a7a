/// @file setup.cpp
/// @brief The split, the MLP and the training run every section shares (see setup.hpp).
#include "setup.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "cli/progress.hpp"
#include "core/rng.hpp"
#include "data/fashion_mnist.hpp"
#include "io/atomic_file.hpp"
#include "io/svg_plot.hpp"
#include "nn/activation_layer.hpp"
#include "nn/augmented_source.hpp"
#include "nn/batchnorm.hpp"
#include "nn/dense.hpp"
#include "nn/dropout.hpp"
#include "nn/loss.hpp"
#include "nn/sequential.hpp"
#include "nn/trainer.hpp"

namespace ch05 {

using namespace dl;

const std::pair<ImageDataset, ImageDataset>& Env::fashion() const {
    DL_CHECK(have_fashion, "Fashion-MNIST is not available");
    if (!fashion_)
        fashion_ = std::make_shared<std::pair<ImageDataset, ImageDataset>>(load_fashion_mnist(fashion_dir));
    return *fashion_;
}

ImageDataset take(const ImageDataset& d, const std::vector<int64_t>& idx, const std::string& name) {
    ImageDataset out;
    out.name = name;
    out.height = d.height;
    out.width = d.width;
    out.classes = d.classes;
    out.class_names = d.class_names;
    out.scale = d.scale;
    const int64_t f = d.features();
    out.pixels.resize(static_cast<std::size_t>(f * int64_t(idx.size())));
    out.labels.reserve(idx.size());
    for (std::size_t k = 0; k < idx.size(); ++k) {
        std::copy_n(d.pixels.begin() + idx[k] * f, f, out.pixels.begin() + int64_t(k) * f);
        out.labels.push_back(d.labels[idx[k]]);
    }
    return out;
}

std::unique_ptr<Split> fashion_split(const Env& env, int64_t n_train, int64_t n_dev,
                                     int64_t n_test, uint64_t seed) {
    const auto& [train, test] = env.fashion();
    Rng rng(seed);
    const std::vector<int64_t> perm = rng.permutation(train.count());
    DL_CHECK(n_dev + n_train <= train.count(), "asked for ", n_train, " + ", n_dev,
             " images of the ", train.count(), " Fashion-MNIST training images");
    auto s = std::make_unique<Split>();
    const std::vector<int64_t> dev_idx(perm.begin(), perm.begin() + n_dev);
    const int64_t last = n_train > 0 ? n_dev + n_train : train.count();
    const std::vector<int64_t> train_idx(perm.begin() + n_dev, perm.begin() + last);
    s->train = take(train, train_idx, "fashion-mnist train");
    s->dev = take(train, dev_idx, "fashion-mnist dev");
    if (n_test >= test.count()) {
        s->test = test;
    } else {
        const std::vector<int64_t> t = Rng(seed + 1).permutation(test.count());
        s->test = take(test, std::vector<int64_t>(t.begin(), t.begin() + n_test), "fashion-mnist test");
    }
    s->name = cat("Fashion-MNIST: ", s->train.count(), " train / ", s->dev.count(), " dev / ",
                  s->test.count(), " test");
    s->dtrain = to_device(s->train, env.device);
    s->ddev = to_device(s->dev, env.device);
    s->dtest = to_device(s->test, env.device);
    s->train_src = std::make_unique<nn::ImageSource>(s->dtrain, 28, 28);
    s->dev_src = std::make_unique<nn::ImageSource>(s->ddev, 28, 28);
    s->test_src = std::make_unique<nn::ImageSource>(s->dtest, 28, 28);
    return s;
}

std::string describe(const MlpSpec& s, int64_t inputs, int64_t classes) {
    std::string d = std::to_string(inputs);
    for (int64_t h : s.hidden) d += "-" + std::to_string(h);
    d += "-" + std::to_string(classes) + " " + activation_name(s.g);
    if (s.batchnorm) d += " +BN";
    if (s.input_keep_prob < 1) d += cat(" +input dropout ", s.input_keep_prob);
    if (s.keep_prob < 1) d += cat(" +dropout ", s.keep_prob, s.textbook_dropout ? " (textbook)" : "");
    return d;
}

//! [build_mlp]
std::unique_ptr<nn::Model> build_mlp(const MlpSpec& s, int64_t inputs, int64_t classes,
                                     int64_t max_batch, const nn::Context& ctx, Rng& rng) {
    const auto scaling = s.textbook_dropout ? nn::DropoutScaling::Textbook
                                            : nn::DropoutScaling::Inverted;
    auto net = std::make_unique<nn::Sequential>();
    if (s.input_keep_prob < 1) net->add<nn::Dropout>(s.input_keep_prob, scaling);
    for (int64_t units : s.hidden) {
        net->add<nn::Dense>(units, s.init);                                // Z = W·A + b
        if (s.batchnorm) net->add<nn::BatchNorm>();                        // Z̃ = γ·Ẑ + β
        net->add<nn::ActivationLayer>(s.g);                                // A = g(Z)
        if (s.keep_prob < 1) net->add<nn::Dropout>(s.keep_prob, scaling);  // A ⊙ D / keep_prob
    }
    net->add<nn::Dense>(classes, s.init);  // the logits; the loss applies softmax
    auto model = std::make_unique<nn::Model>(std::move(net), Shape::matrix(inputs, 1), max_batch, ctx);
    model->initialize(rng);
    return model;
}
//! [build_mlp]

RunResult train_run(const Split& split, const MlpSpec& spec, const TrainSpec& t, const Env& env,
                    uint64_t seed) {
    RunResult r;
    const int64_t n = split.train.count();
    const int64_t batch = std::min<int64_t>(t.batch, n);
    Rng init_rng(seed);
    auto model = build_mlp(spec, split.train.features(), split.train.classes, batch,
                           {env.device, DType::F32}, init_rng);
    r.model = describe(spec, split.train.features(), split.train.classes);
    nn::SoftmaxCrossEntropy loss;
    nn::OptimizerSettings os;
    os.weight_decay = t.weight_decay;
    auto opt = nn::make_optimizer(t.optimizer, model->params(), t.lr, os);
    //! [l2_coupled]
    if (t.l2_lambda > 0) opt->set_l2(t.l2_lambda / double(n));  // dW += (λ/m)·W before each step
    //! [l2_coupled]
    std::unique_ptr<nn::AugmentedImageSource> augmented;
    if (t.augment) augmented = std::make_unique<nn::AugmentedImageSource>(*split.train_src, *t.augment, seed + 7);
    const nn::DataSource& train_src =
        augmented ? static_cast<const nn::DataSource&>(*augmented) : *split.train_src;
    nn::TrainOptions o;
    o.batch = batch;
    o.seed = seed + 3;  // shuffling and dropout masks
    o.lr_schedule = t.lr_schedule;
    nn::Trainer trainer(*model, loss, *opt, train_src, o);
    std::unique_ptr<nn::EarlyStopping> stop;
    if (t.patience > 0) stop = std::make_unique<nn::EarlyStopping>(model->params(), t.patience);

    Progress bar(t.epochs, t.label.empty() ? r.model : t.label, env.progress);
    for (int e = 1; e <= t.epochs; ++e) {
        nn::EpochRecord er = trainer.train_epoch();
        const nn::EvalResult dev = trainer.evaluate(*split.dev_src);
        r.train_loss.push_back(er.train_loss);
        r.train_acc.push_back(er.train_accuracy);
        r.dev_loss.push_back(dev.loss);
        r.dev_acc.push_back(dev.accuracy);
        r.seconds += er.seconds;
        r.epochs = e;
        bar.update(e, cat("dev acc ", dev.accuracy));
        if (t.target_accuracy > 0 && r.target_epoch == 0 && dev.accuracy >= t.target_accuracy) {
            r.target_epoch = e;
            break;
        }
        er.val_loss = t.stop_on_accuracy ? 1.0 - dev.accuracy : dev.loss;  // what stopping watches
        er.val_accuracy = dev.accuracy;
        if (stop && !(*stop)(er)) break;
    }
    bar.finish(cat("dev acc ", r.dev_acc.back()));
    if (stop) {
        stop->restore();  // the parameters of the epoch with the lowest dev loss
        r.best_epoch = stop->best_epoch();
    }
    const nn::EvalResult tr = trainer.evaluate(*split.train_src);  // test mode, no augmentation
    r.train_eval_acc = tr.accuracy;
    r.train_eval_loss = tr.loss;
    const nn::EvalResult dv = trainer.evaluate(*split.dev_src);
    r.dev_final_acc = dv.accuracy;
    r.dev_final_loss = dv.loss;
    if (t.test) r.test_acc = trainer.evaluate(*split.test_src).accuracy;
    r.net = std::move(model);
    return r;
}

Json to_json(const RunResult& r) {
    Json j = Json::object();
    j["model"] = r.model;
    j["train_accuracy"] = r.train_eval_acc;
    j["dev_accuracy"] = r.dev_final_acc;
    j["gap"] = r.gap();
    j["dev_cost"] = r.dev_final_loss;
    if (!std::isnan(r.test_acc)) j["test_accuracy"] = r.test_acc;
    j["epochs"] = r.epochs;
    if (r.best_epoch) j["best_epoch"] = r.best_epoch;
    j["seconds"] = r.seconds;
    return j;
}

void say_skipped(const Env& env, const char* section, const std::vector<std::string>& figures) {
    std::printf("(%s skipped: Fashion-MNIST is not installed. `./course data` installs it, from "
                "Debian's dataset-fashion-mnist; or pass its folder with --data PATH.)\n",
                section);
    for (const std::string& name : figures) {
        SvgPlot p(cat(section, ": needs Fashion-MNIST"), "", "");
        p.note("Fashion-MNIST is not installed: run ./course data, then the chapter again.");
        p.save(figure(env, name));
    }
}

std::string figure(const Env& env, const std::string& name) { return join_path(env.out, name); }

}  // namespace ch05
