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
#include "../dist/shard.hpp"
#include "../dist/world.hpp"
#include "../kernels/axpby.hpp"
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
      rng_(o_.seed), comm_(o_.comm), pass_seed_(o_.seed) {
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
    if (comm_ == nullptr) comm_ = &dist::world(ctx.device);
    if (comm_->size() > 1) join_ranks();
}

//! [join_ranks]
void Trainer::join_ranks() {
    const int n = comm_->size();
    const int64_t N = train_.size(), B = o_.batch;
    DL_CHECK(n <= std::min(B, N), "there are more ranks (", n, ") than ",
             B <= N ? "samples in a batch (" : "training samples (", std::min(B, N),
             "): each rank needs at least one sample of every batch; use at most ",
             std::min(B, N), " ranks", B <= N ? ", or a larger batch" : "");
    // Every rank must train the same model on the same data: compare with rank 0.
    const char* what[] = {"number of training samples", "batch size",
                          "number of parameters (with padding)", "number of buffer elements",
                          "shuffling seed"};
    const ParamStore& ps = model_.params();
    const std::vector<double> mine = {double(N), double(B), double(ps.values().numel()),
                                      double(ps.buffer_values().numel()), double(o_.seed)};
    Tensor t = Tensor::from_values(Shape::column(5), mine, DType::F64).to(train_.device());
    comm_->broadcast(t, 0);
    const std::vector<double> root = t.values();
    for (std::size_t i = 0; i < mine.size(); ++i)
        DL_CHECK(root[i] == mine[i], "the ranks differ in their ", what[i], ": ",
                 int64_t(mine[i]), " here, ", int64_t(root[i]), " on rank 0; every rank must "
                 "train the same model on the same data");
    // The same starting point everywhere: rank 0's parameters and buffers.
    Tensor values = ps.values(), buffers = ps.buffer_values();
    comm_->broadcast(values, 0);
    if (!buffers.empty()) comm_->broadcast(buffers, 0);
    o_.progress = o_.progress && comm_->is_root();
    pass_seed_ = o_.seed + 0x9E3779B97F4A7C15ull * uint64_t(comm_->rank());  // own dropout masks
}
//! [join_ranks]

//! [average_gradients]
void Trainer::average_gradients(int64_t m, int64_t m_r) {
    Tensor g = model_.params().grads();
    const double w = dist::shard_weight(m, m_r, comm_->size());  // n·m_r/m
    if (w != 1.0) axpby(0.0, g, w, g);                           // g_r ← (n·m_r/m)·g_r
    comm_->all_reduce(g, dist::ReduceOp::Mean);                  // g ← (1/n) Σ_r g_r
}
//! [average_gradients]

//! [train_epoch]
EpochRecord Trainer::train_epoch() {
    const Device dev = model_.context().device;
    const int64_t N = train_.size(), B = o_.batch;
    const int64_t steps = (N + B - 1) / B;
    const int n = comm_->size(), rank = comm_->rank();
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
        const dist::Shard share = dist::shard_of(m, rank, n);  // all of it on a single rank
        const int64_t mr = share.count;
        Tensor X = mr == B || mr == 0 ? X_ : X_.first(train_.input_shape(mr));
        Tensor Y = mr == B || mr == 0 ? Y_ : Y_.first(train_.target_shape(mr));
        model_.zero_grad();                                   // every dW ← 0
        if (mr > 0) {  // (a last batch smaller than n leaves some ranks without a sample)
            train_.gather(order_, begin + share.offset, X, Y);  // X, Y ← the batch (our share)
            const Pass pass{true, static_cast<uint64_t>(opt_.steps()), pass_seed_};
            const Tensor& Z = model_.forward(X, pass);        // Z = model(X)
            loss_.forward(Z, Y);                              // L, dZ = ∂J/∂Z
            model_.backward(loss_.dZ());                      // every dW += ∂J/∂W
        }
        if (n > 1) average_gradients(m, mr);                  // dW ← the global batch's
        if (o_.clip_norm > 0) clip_grad_norm(model_.params(), o_.clip_norm, clip_scratch_);
        opt_.step();                                          // W ← W − α·(…)
        if (mr > 0) accumulate_metrics(loss_.A(), Y, loss_.L(), acc_, s + 1);
        seen += mr;
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
    if (n > 1) {  // every rank's loss and hits, and the same running statistics everywhere
        dist::note_data_parallel();
        comm_->all_reduce(acc_, dist::ReduceOp::Sum);
        Tensor buffers = model_.params().buffer_values();
        if (!buffers.empty()) comm_->all_reduce(buffers, dist::ReduceOp::Mean);
    }
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
    if (!comm_->is_root()) return;  // every rank holds the same state: rank 0 writes it
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
