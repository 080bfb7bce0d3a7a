/// @file train.cpp
/// @brief The mini-batch training loop (see train.hpp).
#include "train.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "../cli/progress.hpp"
#include "../kernels/batch.hpp"
#include "../kernels/metrics.hpp"

namespace dl::nn {

ImageTrainer::ImageTrainer(Mlp& net, Optimizer& opt, const DeviceImages& data, int64_t batch)
    : net_(net), opt_(opt), data_(data), batch_(batch) {
    DL_CHECK(batch > 0, "batch size must be > 0, got ", batch);
    DL_CHECK(data.count > 0, "no training samples");
    DL_CHECK(data.features == net.sizes().front(), "the images have ", data.features,
             " pixels, the network ", net.describe(), " expects ", net.sizes().front());
    DL_CHECK(data.classes == net.sizes().back(), "the data set has ", data.classes,
             " classes, the network ", net.describe(), " has ", net.sizes().back(), " outputs");
    const Device dev = net.device();
    X_ = Tensor(Shape::matrix(data.features, batch), DType::F32, dev);
    Y_ = Tensor(Shape::matrix(data.classes, batch), DType::F32, dev);
    acc_ = Tensor::zeros(Shape::column(3), DType::F32, dev);
    order_ = DeviceArray<int32_t>(data.count, dev);
    host_order_.resize(static_cast<std::size_t>(data.count));
}

//! [train_epoch]
EpochResult ImageTrainer::train_epoch(Rng& rng, int epoch, int epochs, bool progress) {
    const Device dev = net_.device();
    const int64_t N = data_.count;
    const int64_t steps = (N + batch_ - 1) / batch_;
    // A new random order of the samples each epoch (on the host, then one copy to the device).
    std::iota(host_order_.begin(), host_order_.end(), 0);
    rng.shuffle(host_order_);
    order_.copy_from_host(host_order_.data(), N);
    acc_.fill(0.0);

    char label[64];
    std::snprintf(label, sizeof label, "epoch %d/%d", epoch, epochs);
    Progress bar(steps, label, progress);
    // The host looks at the running totals every `every` steps (each look waits for the GPU).
    const int64_t every = dev == Device::CPU ? 1 : 50;
    synchronize(dev);
    const auto t0 = std::chrono::steady_clock::now();
    int64_t seen = 0;
    for (int64_t s = 0; s < steps; ++s) {
        const int64_t begin = s * batch_, m = std::min(batch_, N - begin);
        Tensor X = m == batch_ ? X_ : X_.slice_cols(0, m);
        Tensor Y = m == batch_ ? Y_ : Y_.slice_cols(0, m);
        gather_batch(data_.pixels, data_.labels, order_, begin, data_.scale, X, Y);
        const Tensor L = net_.forward_backward(X, Y);
        opt_.step();
        accumulate_metrics(net_.output(), Y, L, acc_, s + 1);
        seen += m;
        if ((s + 1) % every == 0 || s + 1 == steps) {
            float a[3];
            if (dev == Device::CPU) {
                const float* p = acc_.data<float>();
                a[0] = p[0], a[1] = p[1], a[2] = p[2];
            } else {
                const auto v = acc_.values();
                a[0] = float(v[0]), a[1] = float(v[1]), a[2] = float(v[2]);
            }
            if (a[2] != 0.0f)
                fail("the training loss became ", std::isnan(a[0]) ? "NaN" : "infinite",
                     " at epoch ", epoch, ", step ", int64_t(a[2]), " of ", steps,
                     ": the learning rate (", opt_.lr(), ") is probably too large; try a "
                     "smaller --lr");
            if (progress && ((s + 1) % 50 == 0 || s + 1 == steps)) {
                char status[96];
                std::snprintf(status, sizeof status, "loss %.4f acc %.4f", a[0] / seen,
                              a[1] / seen);
                bar.update(s + 1, status);
            }
        }
    }
    synchronize(dev);
    EpochResult r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto v = acc_.values();
    r.loss = v[0] / double(N);
    r.accuracy = v[1] / double(N);
    r.steps = steps;
    char status[128];
    std::snprintf(status, sizeof status, "loss %.4f acc %.4f %.2f s/epoch", r.loss, r.accuracy,
                  r.seconds);
    bar.finish(status);
    return r;
}
//! [train_epoch]

EvalResult ImageTrainer::evaluate(const DeviceImages& data, bool keep_predictions) {
    const Device dev = net_.device();
    const int64_t N = data.count, K = data.classes;
    EvalResult r;
    if (N == 0) return r;
    DL_CHECK(data.features == data_.features && data.classes == data_.classes,
             "evaluate: the data set does not match the training set's shape");
    std::vector<int32_t> seq(static_cast<std::size_t>(N));
    std::iota(seq.begin(), seq.end(), 0);
    DeviceArray<int32_t> order(seq, dev);
    Tensor acc = Tensor::zeros(Shape::column(3), DType::F32, dev);
    for (int64_t begin = 0, s = 1; begin < N; begin += batch_, ++s) {
        const int64_t m = std::min(batch_, N - begin);
        Tensor X = X_.slice_cols(0, m), Y = Y_.slice_cols(0, m);
        gather_batch(data.pixels, data.labels, order, begin, data.scale, X, Y);
        const Tensor L = net_.forward_loss(X, Y);
        const Tensor A = net_.output();
        accumulate_metrics(A, Y, L, acc, s);
        if (keep_predictions) {
            const auto a = A.values();  // K x m, column-major
            for (int64_t j = 0; j < m; ++j) {
                int32_t best = 0;
                for (int64_t k = 1; k < K; ++k)
                    if (a[j * K + k] > a[j * K + best]) best = int32_t(k);
                r.predictions.push_back(best);
            }
        }
    }
    const auto v = acc.values();
    r.loss = v[0] / double(N);
    r.accuracy = v[1] / double(N);
    return r;
}

}  // namespace dl::nn
