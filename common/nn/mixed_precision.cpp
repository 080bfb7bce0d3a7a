/// @file mixed_precision.cpp
/// @brief The mixed-precision training loop (see mixed_precision.hpp).
#include "mixed_precision.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "../cli/progress.hpp"
#include "../core/memory.hpp"
#include "../kernels/cast.hpp"
#include "../kernels/metrics.hpp"
#include "../kernels/unscale.hpp"

namespace dl::nn {

void mirror_params(const ParamStore& src, ParamStore& dst, const Context& ctx) {
    for (const auto& p : src.params()) {
        Param& q = dst.add(p->name, p->shape, p->fill, p->decay);
        q.frozen = p->frozen;
    }
    dst.allocate(ctx);
    DL_CHECK(dst.values().numel() == src.values().numel(), "mirror_params: the layouts differ (",
             dst.values().numel(), " and ", src.values().numel(), " elements)");
    for (std::size_t i = 0; i < src.params().size(); ++i)
        DL_CHECK(src.params()[i]->offset == dst.params()[i]->offset, "mirror_params: '",
                 src.params()[i]->name, "' sits at different offsets");
}

namespace {
void read_totals(const Tensor& acc, float out[3]) {
    device_copy(out, Device::CPU, acc.raw(), acc.device(), 3 * sizeof(float));
}
}  // namespace

MixedPrecisionTrainer::MixedPrecisionTrainer(Model& model, Loss& loss, OptimizerKind kind,
                                             double lr, const DataSource& train,
                                             TrainOptions options, LossScalerOptions scaling,
                                             const OptimizerSettings& settings,
                                             LossScaler::Rule rule)
    : model_(model), loss_(loss), train_(train), o_(std::move(options)), scaler_(scaling, rule),
      rng_(o_.seed) {
    const Context& ctx = model.context();
    DL_CHECK(is_half(ctx.dtype), "mixed precision: build the model in float16 or bfloat16 (got ",
             dtype_name(ctx.dtype), "); the float32 master weights are the trainer's");
    DL_CHECK(model.params().buffers().empty(), "mixed precision: the model has saved buffers (",
             model.params().buffers().front()->name, ": batch norm's running statistics); its "
             "layers have no 16-bit kernels yet");
    DL_CHECK(o_.batch > 0 && o_.batch <= model.max_batch(), "batch size ", o_.batch,
             " must be in [1, ", model.max_batch(), "] (the model's largest batch)");
    DL_CHECK(train.size() > 0, "the training set is empty (it needs at least 1 sample)");
    DL_CHECK(train.size() <= std::numeric_limits<int32_t>::max(), "the training set has ",
             train.size(), " samples, more than the loop's int32 indices hold");
    DL_CHECK(train.device() == ctx.device, "mixed precision: the data are on ",
             device_name(train.device()), ", the model on ", device_name(ctx.device));
    DL_CHECK(train.input_shape(1).rows() == model.input_shape(1).rows(), "the samples have ",
             train.input_shape(1).rows(), " features, the model expects ",
             model.input_shape(1).rows());
    DL_CHECK(train.target_shape(1) == model.output_shape(1), "the targets are ",
             sample_str(train.target_shape(1)), " per sample, the model's outputs ",
             sample_str(model.output_shape(1)));
    const Context f32{ctx.device, DType::F32};
    mirror_params(model.params(), master_, f32);
    opt_ = make_optimizer(kind, master_, lr, settings);
    X32_ = Tensor(train.input_shape(o_.batch), DType::F32, ctx.device);
    Y_ = Tensor(train.target_shape(o_.batch), DType::F32, ctx.device);
    X16_ = Tensor(model.input_shape(o_.batch), ctx.dtype, ctx.device);
    Z32_ = Tensor(model.output_shape(o_.batch), DType::F32, ctx.device);
    dZ16_ = Tensor(model.output_shape(o_.batch), ctx.dtype, ctx.device);
    acc_ = Tensor::zeros(Shape::column(3), DType::F32, ctx.device);
    found_inf_ = Tensor::zeros(Shape::matrix(1, 1), DType::F32, ctx.device);
    clip_scratch_ = Tensor(Shape::matrix(1, 1), DType::F32, ctx.device);
    loss_.reserve(model.output_shape(o_.batch), f32);  // the loss in float32
    order_ = DeviceArray<int32_t>(train.size(), ctx.device);
    host_order_.resize(static_cast<std::size_t>(train.size()));
}

void MixedPrecisionTrainer::initialize(Rng& rng) {
    master_.initialize(rng);
    sync_weights();
}

void MixedPrecisionTrainer::sync_weights() {
    Tensor w = model_.params().values();
    cast(master_.values(), w);  // W16 ← fp16(master): one pass over the flat buffer
}

void MixedPrecisionTrainer::forward_loss(const Tensor& X32, const Tensor& Y, const Pass& pass) {
    const int64_t m = X32.cols();
    Tensor X16 = X16_.first(model_.input_shape(m));
    cast(X32, X16);                                      // the batch in 16 bits
    const Tensor& Z = model_.forward(X16, pass);         // 16-bit activations
    Tensor Z32 = Z32_.first(Z.shape());
    cast(Z, Z32);                                        // the logits in float32
    loss_.forward(Z32, Y);                               // L, dZ = ∂J/∂Z in float32
}

//! [amp_step]
bool MixedPrecisionTrainer::step(const Tensor& X, const Tensor& Y, uint64_t step_index) {
    model_.zero_grad();                                    // every dW16 ← 0
    forward_loss(X, Y, Pass{true, step_index, o_.seed});   // Z, L, dZ (float32)
    const double S = scaler_.scale();
    Tensor dZ16 = dZ16_.first(loss_.dZ().shape());
    cast(loss_.dZ(), dZ16, S);                             // dZ16 = fp16(S · dZ)
    model_.backward(dZ16);                                 // dW16 = ∂(S·J)/∂W, in fp16
    found_inf_.fill(0.0);
    Tensor g = master_.grads();                            // (a handle: the flat fp32 buffer)
    unscale_check(model_.params().grads(), g, 1.0 / S, found_inf_);  // g = dW16 / S, any inf?
    float inf = 0.0f;
    device_copy(&inf, Device::CPU, found_inf_.raw(), found_inf_.device(), sizeof(float));
    if (!scaler_.update(inf != 0.0f)) return false;        // skipped: S ← S/2
    if (o_.clip_norm > 0) clip_grad_norm(master_, o_.clip_norm, clip_scratch_);
    opt_->step();                                          // master ← update (float32)
    sync_weights();                                        // W16 ← fp16(master)
    return true;
}
//! [amp_step]

AmpEpochRecord MixedPrecisionTrainer::train_epoch() {
    const Device dev = model_.context().device;
    const int64_t N = train_.size(), B = o_.batch;
    const int64_t steps = (N + B - 1) / B;
    const int epoch = ++epoch_;
    if (o_.lr_schedule) opt_->set_lr(o_.lr_schedule(epoch));
    std::iota(host_order_.begin(), host_order_.end(), 0);
    rng_.shuffle(host_order_);
    order_.copy_from_host(host_order_.data(), N);
    acc_.fill(0.0);
    const int64_t skipped_before = scaler_.skipped();

    char label[64];
    std::snprintf(label, sizeof label, "epoch %d/%d", epoch, planned_ > 0 ? planned_ : epoch);
    Progress bar(steps, label, o_.progress);
    synchronize(dev);
    const auto t0 = std::chrono::steady_clock::now();
    int64_t seen = 0;
    float a[3];
    for (int64_t s = 0; s < steps; ++s) {
        const int64_t begin = s * B, m = std::min(B, N - begin);
        Tensor X = m == B ? X32_ : X32_.first(train_.input_shape(m));
        Tensor Y = m == B ? Y_ : Y_.first(train_.target_shape(m));
        train_.gather(order_, begin, X, Y);
        step(X, Y, static_cast<uint64_t>(scaler_.steps()));
        accumulate_metrics(loss_.A(), Y, loss_.L(), acc_, s + 1);
        seen += m;
        // The step already waited for the GPU (found_inf); the totals cost one more copy.
        if ((s + 1) % 50 == 0 || s + 1 == steps) {
            read_totals(acc_, a);
            if (a[2] != 0.0f)
                fail("the training loss became ", std::isnan(a[0]) ? "NaN" : "infinite",
                     " at epoch ", epoch, ", step ", int64_t(a[2]), " of ", steps,
                     " (mixed precision, loss scale ", scale_str(scaler_.scale()),
                     "): the learning rate (", opt_->lr(), ") is probably too large, or an "
                     "activation overflowed float16 (largest 65504): try --amp bf16");
            if (o_.progress) {
                char status[96];
                std::snprintf(status, sizeof status, "loss %.4f acc %.4f scale %s", a[0] / seen,
                              a[1] / seen, scale_str(scaler_.scale()).c_str());
                bar.update(s + 1, status);
            }
        }
    }
    synchronize(dev);
    AmpEpochRecord r;
    r.record.epoch = epoch;
    r.record.lr = opt_->lr();
    r.record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    read_totals(acc_, a);
    r.record.train_loss = a[0] / double(N);
    r.record.train_accuracy = loss_.has_accuracy() ? a[1] / double(N) : std::nan("");
    r.record.val_loss = r.record.val_accuracy = std::nan("");
    r.record.steps = steps;
    r.scale = scaler_.scale();
    r.skipped = scaler_.skipped() - skipped_before;
    if (o_.progress) {
        char status[128];
        std::snprintf(status, sizeof status, "loss %.4f acc %.4f %.2f s/epoch scale %s",
                      r.record.train_loss, r.record.train_accuracy, r.record.seconds,
                      scale_str(r.scale).c_str());
        bar.finish(status);
    }
    return r;
}

EvalResult MixedPrecisionTrainer::evaluate(const DataSource& data) {
    const Device dev = model_.context().device;
    const int64_t N = data.size(), B = o_.batch;
    DL_CHECK(N > 0, "evaluate: the data set is empty (it needs at least 1 sample)");
    DL_CHECK(data.device() == dev, "evaluate: the data are on ", device_name(data.device()),
             ", the model on ", device_name(dev));
    if (eval_order_.size() < N) {
        std::vector<int32_t> seq(static_cast<std::size_t>(N));
        std::iota(seq.begin(), seq.end(), 0);
        eval_order_ = DeviceArray<int32_t>(seq, dev);
    }
    Tensor acc = Tensor::zeros(Shape::column(3), DType::F32, dev);
    const Pass pass{false, static_cast<uint64_t>(scaler_.steps()), o_.seed};
    for (int64_t begin = 0, s = 1; begin < N; begin += B, ++s) {
        const int64_t m = std::min(B, N - begin);
        Tensor X = X32_.first(data.input_shape(m)), Y = Y_.first(data.target_shape(m));
        data.gather(eval_order_, begin, X, Y);
        forward_loss(X, Y, pass);
        accumulate_metrics(loss_.A(), Y, loss_.L(), acc, s);
    }
    const auto v = acc.values();
    EvalResult r;
    r.loss = v[0] / double(N);
    r.accuracy = loss_.has_accuracy() ? v[1] / double(N) : std::nan("");
    return r;
}

const std::vector<AmpEpochRecord>& MixedPrecisionTrainer::fit(int epochs, const DataSource* val) {
    DL_CHECK(epochs >= 0, "fit: epochs must be >= 0, got ", epochs);
    planned_ = epoch_ + epochs;
    for (int e = 0; e < epochs; ++e) {
        AmpEpochRecord r = train_epoch();
        if (val) {
            const EvalResult ev = evaluate(*val);
            r.record.val_loss = ev.loss;
            r.record.val_accuracy = ev.accuracy;
        }
        history_.push_back(r);
    }
    return history_;
}

}  // namespace dl::nn
