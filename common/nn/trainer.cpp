/// @file trainer.cpp
/// @brief The training loop (see trainer.hpp).
#include "trainer.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "../cli/progress.hpp"
#include "../core/memory.hpp"
#include "../kernels/metrics.hpp"
#include "checkpoint.hpp"

namespace dl::nn {

namespace {
/// The three running totals (loss sum, hits, first bad step) on the host; a fixed array, so
/// reading them allocates nothing.
void read_totals(const Tensor& acc, float out[3]) {
    device_copy(out, Device::CPU, acc.raw(), acc.device(), 3 * sizeof(float));
}
}  // namespace

Trainer::Trainer(Model& model, Loss& loss, Optimizer& opt, const DataSource& train,
                 TrainOptions options)
    : model_(model), loss_(loss), opt_(opt), train_(train), o_(std::move(options)),
      rng_(o_.seed) {
    const Context& ctx = model.context();
    DL_CHECK(ctx.dtype == DType::F32, "Trainer: trains float32 models (got ",
             dtype_name(ctx.dtype), "; float64 is for gradient checks)");
    DL_CHECK(o_.batch > 0, "batch size must be > 0, got ", o_.batch);
    DL_CHECK(o_.batch <= model.max_batch(), "batch size ", o_.batch,
             " is more than the model was built for (", model.max_batch(), ")");
    DL_CHECK(train.size() > 0, "the training set is empty (it needs at least 1 sample)");
    DL_CHECK(train.size() <= std::numeric_limits<int32_t>::max(), "the training set has ",
             train.size(), " samples, more than the loop's int32 indices hold");
    DL_CHECK(train.device() == ctx.device, "Trainer: the data are on ",
             device_name(train.device()), ", the model on ", device_name(ctx.device));
    DL_CHECK(train.input_shape(1).rows() == model.input_shape(1).rows(),
             "the samples have ", train.input_shape(1).rows(), " features, the model ",
             model.describe(), " expects ", model.input_shape(1).rows());
    DL_CHECK(train.target_shape(1) == model.output_shape(1), "the targets are ",
             sample_str(train.target_shape(1)), " per sample, the model's outputs ",
             sample_str(model.output_shape(1)));
    X_ = Tensor(train.input_shape(o_.batch), ctx.dtype, ctx.device);
    Y_ = Tensor(train.target_shape(o_.batch), ctx.dtype, ctx.device);
    acc_ = Tensor::zeros(Shape::column(3), DType::F32, ctx.device);
    clip_scratch_ = Tensor(Shape::matrix(1, 1), ctx.dtype, ctx.device);
    loss_.reserve(model.output_shape(o_.batch), ctx);
    order_ = DeviceArray<int32_t>(train.size(), ctx.device);
    host_order_.resize(static_cast<std::size_t>(train.size()));
}

//! [train_epoch]
EpochRecord Trainer::train_epoch() {
    const Device dev = model_.context().device;
    const int64_t N = train_.size(), B = o_.batch;
    const int64_t steps = (N + B - 1) / B;
    const int epoch = ++epoch_;
    if (o_.lr_schedule) opt_.set_lr(o_.lr_schedule(epoch));
    // A new random order of the samples each epoch (on the host, then one copy to the device).
    std::iota(host_order_.begin(), host_order_.end(), 0);
    rng_.shuffle(host_order_);
    order_.copy_from_host(host_order_.data(), N);
    acc_.fill(0.0);

    char label[64];
    std::snprintf(label, sizeof label, "epoch %d/%d", epoch, planned_ > 0 ? planned_ : epoch);
    Progress bar(steps, label, o_.progress);
    const int64_t every = dev == Device::CPU ? 1 : 50;  // each look at the totals waits for the GPU
    synchronize(dev);
    const auto t0 = std::chrono::steady_clock::now();
    int64_t seen = 0;
    float a[3];
    for (int64_t s = 0; s < steps; ++s) {
        const int64_t begin = s * B, m = std::min(B, N - begin);
        Tensor X = m == B ? X_ : X_.first(train_.input_shape(m));
        Tensor Y = m == B ? Y_ : Y_.first(train_.target_shape(m));
        train_.gather(order_, begin, X, Y);                   // X, Y ← the batch
        model_.zero_grad();                                   // every dW ← 0
        const Pass pass{true, static_cast<uint64_t>(opt_.steps()), o_.seed};
        const Tensor& Z = model_.forward(X, pass);            // Z = model(X)
        loss_.forward(Z, Y);                                  // L, dZ = ∂J/∂Z
        model_.backward(loss_.dZ());                          // every dW += ∂J/∂W
        if (o_.clip_norm > 0) clip_grad_norm(model_.params(), o_.clip_norm, clip_scratch_);
        opt_.step();                                          // W ← W − α·(…)
        accumulate_metrics(loss_.A(), Y, loss_.L(), acc_, s + 1);
        seen += m;
        if ((s + 1) % every == 0 || s + 1 == steps) {
            read_totals(acc_, a);
            if (a[2] != 0.0f)
                fail("the training loss became ", std::isnan(a[0]) ? "NaN" : "infinite",
                     " at epoch ", epoch, ", step ", int64_t(a[2]), " of ", steps,
                     ": the learning rate (", opt_.lr(), ") is probably too large; try a "
                     "smaller --lr");
            if (o_.progress && ((s + 1) % 50 == 0 || s + 1 == steps)) {
                char status[96];
                if (loss_.has_accuracy())
                    std::snprintf(status, sizeof status, "loss %.4f acc %.4f", a[0] / seen,
                                  a[1] / seen);
                else
                    std::snprintf(status, sizeof status, "loss %.4f", a[0] / seen);
                bar.update(s + 1, status);
            }
        }
    }
    synchronize(dev);
    EpochRecord r;
    r.epoch = epoch;
    r.lr = opt_.lr();
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    read_totals(acc_, a);
    r.train_loss = a[0] / double(N);
    r.train_accuracy = loss_.has_accuracy() ? a[1] / double(N) : std::nan("");
    r.val_loss = r.val_accuracy = std::nan("");
    r.steps = steps;
    if (o_.progress) {
        char status[128];
        std::snprintf(status, sizeof status, "loss %.4f acc %.4f %.2f s/epoch", r.train_loss,
                      r.train_accuracy, r.seconds);
        bar.finish(status);
    }
    return r;
}
//! [train_epoch]

EvalResult Trainer::evaluate(const DataSource& data, bool predictions) {
    const Device dev = model_.context().device;
    const int64_t N = data.size(), B = o_.batch;
    EvalResult r;
    DL_CHECK(N > 0, "evaluate: the data set is empty (it needs at least 1 sample)");
    DL_CHECK(data.device() == dev, "evaluate: the data are on ", device_name(data.device()),
             ", the model on ", device_name(dev));
    DL_CHECK(data.input_shape(1) == train_.input_shape(1) &&
                 data.target_shape(1) == train_.target_shape(1),
             "evaluate: the data set's samples (", sample_str(data.input_shape(1)), " → ",
             sample_str(data.target_shape(1)), ") do not match the training set's");
    if (eval_order_.size() < N) {
        std::vector<int32_t> seq(static_cast<std::size_t>(N));
        std::iota(seq.begin(), seq.end(), 0);
        eval_order_ = DeviceArray<int32_t>(seq, dev);
    }
    Tensor acc = Tensor::zeros(Shape::column(3), DType::F32, dev);
    const Pass pass{false, static_cast<uint64_t>(opt_.steps()), o_.seed};
    for (int64_t begin = 0, s = 1; begin < N; begin += B, ++s) {
        const int64_t m = std::min(B, N - begin);
        Tensor X = X_.first(data.input_shape(m)), Y = Y_.first(data.target_shape(m));
        data.gather(eval_order_, begin, X, Y);
        const Tensor& Z = model_.forward(X, pass);
        loss_.forward(Z, Y);
        accumulate_metrics(loss_.A(), Y, loss_.L(), acc, s);
        if (predictions) {
            const Tensor& A = loss_.A();
            const int64_t K = A.rows();
            const auto v = A.values();  // K x m, column-major
            for (int64_t j = 0; j < m; ++j) {
                int32_t best = 0;
                if (K == 1) {
                    best = v[j] >= 0.5 ? 1 : 0;
                } else {
                    for (int64_t k = 1; k < K; ++k)
                        if (v[j * K + k] > v[j * K + best]) best = int32_t(k);
                }
                r.predictions.push_back(best);
            }
        }
    }
    const auto v = acc.values();
    r.loss = v[0] / double(N);
    r.accuracy = loss_.has_accuracy() ? v[1] / double(N) : std::nan("");
    return r;
}

const std::vector<EpochRecord>& Trainer::fit(int epochs, const DataSource* val,
                                             const std::function<bool(const EpochRecord&)>&
                                                 after_epoch) {
    DL_CHECK(epochs >= 0, "fit: epochs must be >= 0, got ", epochs);
    planned_ = epoch_ + epochs;
    for (int e = 0; e < epochs; ++e) {
        EpochRecord r = train_epoch();
        if (val) {
            const EvalResult ev = evaluate(*val);
            r.val_loss = ev.loss;
            r.val_accuracy = ev.accuracy;
        }
        history_.push_back(r);
        if (after_epoch && !after_epoch(r)) break;
    }
    return history_;
}

void Trainer::save_checkpoint(const std::string& path, bool overwrite) const {
    nn::save_checkpoint(path, model_, &opt_, RunState{epoch_, rng_.state()}, overwrite);
}

void Trainer::load_checkpoint(const std::string& path) {
    const RunState run = nn::load_checkpoint(path, model_, &opt_);
    epoch_ = run.epoch;
    rng_.set_state(run.rng);
}

EarlyStopping::EarlyStopping(ParamStore& params, int patience)
    : params_(params), patience_(patience), best_loss_(std::numeric_limits<double>::infinity()),
      best_values_(params.values().clone()), best_buffers_(params.buffer_values().clone()) {
    DL_CHECK(patience >= 1, "early stopping: patience must be >= 1 epoch, got ", patience);
}

bool EarlyStopping::operator()(const EpochRecord& r) {
    DL_CHECK(!std::isnan(r.val_loss), "early stopping needs a validation set");
    if (r.val_loss < best_loss_) {
        best_loss_ = r.val_loss;
        best_epoch_ = r.epoch;
        waited_ = 0;
        best_values_.copy_from(params_.values());
        best_buffers_.copy_from(params_.buffer_values());
        return true;
    }
    return ++waited_ < patience_;
}

void EarlyStopping::restore() {
    Tensor v = params_.values(), b = params_.buffer_values();
    v.copy_from(best_values_);
    b.copy_from(best_buffers_);
}

}  // namespace dl::nn
