/// @file amp_training.cpp
/// @brief The gradient census and the FP32-vs-mixed-precision comparison (see amp_training.hpp).
#include "amp_training.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <sstream>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "data/digits.hpp"
#include "data/fashion_mnist.hpp"
#include "kernels/cast.hpp"
#include "kernels/matmul.hpp"
#include "nn/activation_layer.hpp"
#include "nn/data_source.hpp"
#include "nn/dense.hpp"
#include "nn/loss.hpp"
#include "nn/mixed_precision.hpp"
#include "nn/residual.hpp"
#include "nn/trainer.hpp"

namespace ch09 {

using namespace dl;

std::pair<ImageDataset, ImageDataset> load_images(const std::string& data, uint64_t seed) {
    if (data.empty() || data == "digits") {
        const Dataset d = load_digits(find_dataset_file("digits.csv.gz"));
        Rng rng(seed);
        auto [train, test] = stratified_split(d, 0.2, rng);
        return {images_from_dataset(train, 8, 8, 16), images_from_dataset(test, 8, 8, 16)};
    }
    if (data == "fashion") return load_fashion_mnist();
    fail("--data '", data, "': expected digits (the shipped 8x8 digits) or fashion (Fashion-MNIST)");
}

std::unique_ptr<nn::Sequential> make_network(const NetSpec& spec, int64_t classes) {
    auto net = std::make_unique<nn::Sequential>();
    if (spec.kind == "mlp") {
        for (int64_t h : spec.hidden) {
            net->add<nn::Dense>(h);
            net->add<nn::ActivationLayer>(Activation::ReLU);
        }
    } else if (spec.kind == "resmlp") {
        net->add<nn::Dense>(spec.width);
        net->add<nn::ActivationLayer>(Activation::ReLU);
        for (int b = 0; b < spec.blocks; ++b) {
            auto body = std::make_unique<nn::Sequential>();  // x + W2·ReLU(W1·x + b1) + b2
            body->add<nn::Dense>(spec.width);
            body->add<nn::ActivationLayer>(Activation::ReLU);
            body->add<nn::Dense>(spec.width);
            net->add<nn::Residual>(std::move(body));
            net->add<nn::ActivationLayer>(Activation::ReLU);
        }
    } else {
        fail("unknown network '", spec.kind, "' (mlp or resmlp)");
    }
    net->add<nn::Dense>(classes);
    return net;
}

std::string describe(const NetSpec& spec, int64_t inputs, int64_t classes) {
    if (spec.kind == "mlp") {
        std::string s = std::to_string(inputs);
        for (int64_t h : spec.hidden) s += "-" + std::to_string(h);
        return s + "-" + std::to_string(classes) + " MLP";
    }
    return cat("residual MLP ", inputs, "-", spec.width, " x ", spec.blocks, " blocks-", classes);
}

namespace {

std::unique_ptr<nn::Model> build(const NetSpec& spec, const nn::DataSource& src, int classes,
                                 int64_t batch, const nn::Context& ctx) {
    return std::make_unique<nn::Model>(make_network(spec, classes), src.input_shape(1), batch, ctx);
}

/// The first m samples of a source, in order.
void first_batch(const nn::DataSource& src, int64_t m, Tensor& X, Tensor& Y) {
    std::vector<int32_t> seq(static_cast<std::size_t>(m));
    std::iota(seq.begin(), seq.end(), 0);
    DeviceArray<int32_t> order(seq, src.device());
    src.gather(order, 0, X, Y);
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

/// Loads cuBLAS's 16-bit GEMM kernels (the three transpose cases training uses) before timing.
void warm_up_half(Device device, DType t) {
    if (device != Device::CUDA) return;
    warm_up(device);
    Tensor A = Tensor::zeros(Shape::matrix(64, 64), t, device), C(Shape::matrix(64, 64), t, device);
    matmul(A, A, C, Trans::N, Trans::N);
    matmul(A, A, C, Trans::N, Trans::T);
    matmul(A, A, C, Trans::T, Trans::N);
    synchronize(device);
}

}  // namespace

//! [gradient_census]
Census gradient_census(const ImageDataset& train, const NetSpec& spec, int epochs, int64_t batch,
                       uint64_t seed) {
    Census c;
    c.trained_epochs = epochs;
    const DeviceImages images = to_device(train, Device::CPU);
    const nn::ImageSource src(images, train.height, train.width);
    // A float32 network, trained a little so its gradients have a realistic size.
    auto m32 = build(spec, src, train.classes, batch, {Device::CPU, DType::F32});
    Rng rng(seed);
    m32->initialize(rng);
    nn::SoftmaxCrossEntropy loss32;
    auto opt = nn::make_optimizer(nn::OptimizerKind::Adam, m32->params(), 1e-3);
    nn::TrainOptions to;
    to.batch = batch;
    to.seed = seed;
    nn::Trainer trainer(*m32, loss32, *opt, src, to);
    for (int e = 0; e < epochs; ++e) trainer.train_epoch();

    // One batch: the float32 gradients …
    Tensor X(src.input_shape(batch)), Y(src.target_shape(batch));
    first_batch(src, batch, X, Y);
    m32->zero_grad();
    loss32.forward(m32->forward(X, {true}), Y);
    m32->backward(loss32.dZ());
    const std::vector<double> g32 = m32->params().grads().values();

    // … and the same weights in float16, backward on S·dZ for each S.
    auto m16 = build(spec, src, train.classes, batch, {Device::CPU, DType::F16});
    Tensor w16 = m16->params().values();
    cast(m32->params().values(), w16);
    nn::SoftmaxCrossEntropy loss;
    loss.reserve(m16->output_shape(batch), {Device::CPU, DType::F32});
    Tensor X16(X.shape(), DType::F16), Z32(m16->output_shape(batch)), dZ16(Z32.shape(), DType::F16);
    cast(X, X16);

    int64_t nonzero = 0;
    for (double g : g32) {
        if (g == 0) continue;
        ++nonzero;
        const double a = std::abs(g);
        if (a < std::ldexp(1.0, -24)) c.tiny_share += 1;
        else if (a < std::ldexp(1.0, -14)) c.subnormal_share += 1;
    }
    c.elements = nonzero;
    c.tiny_share /= std::max<int64_t>(nonzero, 1);
    c.subnormal_share /= std::max<int64_t>(nonzero, 1);
    double norm32 = 0;
    for (double g : g32) norm32 += g * g;
    for (int e = 0; e <= 24; e += 4) {
        const double S = std::ldexp(1.0, e);
        m16->zero_grad();
        cast(m16->forward(X16, {true}), Z32);
        loss.forward(Z32, Y);
        cast(loss.dZ(), dZ16, S);          // dZ16 = fp16(S · dZ)
        m16->backward(dZ16);               // the backward pass in float16
        const std::vector<double> g16 = m16->params().grads().values();
        CensusRow r;
        r.scale = S;
        double err = 0;
        for (std::size_t i = 0; i < g32.size(); ++i) {
            if (!std::isfinite(g16[i])) {
                r.overflow += 1;
                continue;
            }
            if (g32[i] != 0 && g16[i] == 0) r.underflow += 1;
            const double d = g16[i] / S - g32[i];
            err += d * d;
        }
        r.rel_error = r.overflow > 0 ? std::numeric_limits<double>::infinity() : std::sqrt(err / norm32);
        r.underflow /= std::max<int64_t>(nonzero, 1);
        // An overflow spreads (inf − inf = NaN) to gradients that were 0 in fp32 too: its share
        // is of all the parameter gradients.
        r.overflow /= std::max<std::size_t>(g32.size(), 1);
        c.rows.push_back(r);
    }
    return c;
}
//! [gradient_census]

std::string census_table(const Census& c) {
    std::ostringstream os;
    char line[200];
    std::snprintf(line, sizeof line,
                  "  %lld nonzero fp32 parameter gradients after %d epochs: %.1f %% below 2^-24 "
                  "(zero in fp16), %.1f %% in fp16's subnormal range [2^-24, 2^-14)\n",
                  (long long)c.elements, c.trained_epochs, 100 * c.tiny_share, 100 * c.subnormal_share);
    os << line;
    std::snprintf(line, sizeof line, "  %-12s %14s %14s %22s\n", "loss scale S", "underflow (0)",
                  "overflow (inf)", "error of fp16 grad / S");
    os << line;
    for (const auto& r : c.rows) {
        std::snprintf(line, sizeof line, "  %-12s %13.2f%% %13.2f%% %22.2e\n",
                      nn::scale_str(r.scale).c_str(), 100 * r.underflow, 100 * r.overflow, r.rel_error);
        os << line;
    }
    return os.str();
}

dl::Json to_json(const Census& c) {
    dl::Json j = dl::Json::object();
    j["elements"] = c.elements;
    j["below_2^-24_share"] = c.tiny_share;
    j["subnormal_share"] = c.subnormal_share;
    dl::Json rows = dl::Json::array();
    for (const auto& r : c.rows) {
        dl::Json e = dl::Json::object();
        e["scale"] = r.scale;
        e["underflow_share"] = r.underflow;
        e["overflow_share"] = r.overflow;
        e["rel_error"] = std::isfinite(r.rel_error) ? dl::Json(r.rel_error) : dl::Json(nullptr);
        rows.push_back(e);
    }
    j["scales"] = rows;
    return j;
}

AmpComparison compare_fp32_amp(const ImageDataset& train, const ImageDataset& test,
                               const AmpSettings& s) {
    AmpComparison c;
    c.data = train.name;
    c.model = describe(s.net, train.features(), train.classes);
    c.device = device_name(s.device);
    const DeviceImages dtrain = to_device(train, s.device), dtest = to_device(test, s.device);
    const nn::ImageSource train_src(dtrain, train.height, train.width);
    const nn::ImageSource test_src(dtest, test.height, test.width);
    nn::TrainOptions to;
    to.batch = s.batch;
    to.seed = s.seed + 3;  // the same shuffling for every run
    to.progress = s.progress;

    {  // float32
        auto model = build(s.net, train_src, train.classes, s.batch, {s.device, DType::F32});
        Rng rng(s.seed);
        model->initialize(rng);
        nn::SoftmaxCrossEntropy loss;
        auto opt = nn::make_optimizer(nn::OptimizerKind::Adam, model->params(), s.lr);
        nn::Trainer t(*model, loss, *opt, train_src, to);
        warm_up(s.device);
        t.set_epochs_planned(s.epochs);
        RunResult& r = c.fp32;
        r.precision = "fp32";
        for (int e = 0; e < s.epochs; ++e) {
            const nn::EpochRecord er = t.train_epoch();
            r.train_loss.push_back(er.train_loss);
            r.epoch_seconds.push_back(er.seconds);
            r.steps += er.steps;
        }
        const nn::EvalResult ev = t.evaluate(test_src);
        r.test_accuracy = ev.accuracy, r.test_loss = ev.loss;
        r.seconds_per_epoch = median(r.epoch_seconds);
    }
    auto run_amp = [&](RunResult& r, const nn::LossScalerOptions& scaling, const std::string& name) {
        auto model = build(s.net, train_src, train.classes, s.batch, {s.device, s.half});
        nn::SoftmaxCrossEntropy loss;
        nn::MixedPrecisionTrainer t(*model, loss, nn::OptimizerKind::Adam, s.lr, train_src, to,
                                    scaling, {}, s.rule);
        Rng rng(s.seed);
        t.initialize(rng);  // the same float32 weights as the fp32 run, then rounded
        warm_up_half(s.device, s.half);
        t.set_epochs_planned(s.epochs);
        r.precision = name;
        for (int e = 0; e < s.epochs; ++e) {
            const nn::AmpEpochRecord er = t.train_epoch();
            r.train_loss.push_back(er.record.train_loss);
            r.epoch_seconds.push_back(er.record.seconds);
            r.steps += er.record.steps;
        }
        const nn::EvalResult ev = t.evaluate(test_src);
        r.test_accuracy = ev.accuracy, r.test_loss = ev.loss;
        r.seconds_per_epoch = median(r.epoch_seconds);
        r.skipped = t.scaler().skipped();
        r.final_scale = t.scaler().scale();
        r.scale_log = t.scaler().log();
    };
    const std::string half = s.half == DType::BF16 ? "bf16" : "fp16";
    run_amp(c.amp, s.scaling, half + " compute, fp32 master, dynamic loss scaling");
    if (s.no_scaling_run) {
        nn::LossScalerOptions fixed = s.scaling;
        fixed.init_scale = 1.0;
        fixed.growth_interval = std::numeric_limits<int64_t>::max();
        run_amp(c.amp_unscaled, fixed, half + " compute, fp32 master, no loss scaling (S = 1)");
        c.has_unscaled = true;
    }
    c.speedup = c.amp.seconds_per_epoch > 0 ? c.fp32.seconds_per_epoch / c.amp.seconds_per_epoch : 0;
    return c;
}

std::string comparison_table(const AmpComparison& c) {
    std::ostringstream os;
    char line[256];
    std::snprintf(line, sizeof line, "  %-56s %9s %9s %10s %8s %10s\n", "precision", "test acc",
                  "test loss", "s/epoch", "skipped", "final S");
    os << line;
    auto row = [&](const RunResult& r, bool amp) {
        std::snprintf(line, sizeof line, "  %-56s %9.4f %9.4f %10.3f %8s %10s\n", r.precision.c_str(),
                      r.test_accuracy, r.test_loss, r.seconds_per_epoch,
                      amp ? std::to_string(r.skipped).c_str() : "—",
                      amp ? nn::scale_str(r.final_scale).c_str() : "—");
        os << line;
    };
    row(c.fp32, false);
    row(c.amp, true);
    if (c.has_unscaled) row(c.amp_unscaled, true);
    return os.str();
}

namespace {
dl::Json run_json(const RunResult& r) {
    dl::Json j = dl::Json::object();
    j["precision"] = r.precision;
    j["test_accuracy"] = r.test_accuracy;
    j["test_loss"] = r.test_loss;
    j["seconds_per_epoch"] = r.seconds_per_epoch;
    j["steps"] = r.steps;
    j["skipped_steps"] = r.skipped;
    j["final_scale"] = r.final_scale;
    return j;
}
}  // namespace

dl::Json to_json(const AmpComparison& c) {
    dl::Json j = dl::Json::object();
    j["data"] = c.data;
    j["model"] = c.model;
    j["device"] = c.device;
    j["fp32"] = run_json(c.fp32);
    j["amp"] = run_json(c.amp);
    if (c.has_unscaled) j["amp_unscaled"] = run_json(c.amp_unscaled);
    j["accuracy_gap_points"] = 100 * (c.fp32.test_accuracy - c.amp.test_accuracy);
    j["speedup"] = c.speedup;
    return j;
}

}  // namespace ch09
