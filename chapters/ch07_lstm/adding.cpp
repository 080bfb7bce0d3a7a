/// @file adding.cpp
/// @brief The adding problem: data, model, training and test (see adding.hpp).
#include "adding.hpp"

#include <chrono>
#include <cstdio>

#include "cli/progress.hpp"
#include "nn/dense.hpp"
#include "nn/lstm.hpp"
#include "nn/rnn.hpp"
#include "nn/sequential.hpp"

namespace ch07 {

using namespace dl;

const char* cell_name(Cell c) { return c == Cell::LSTM ? "LSTM" : "RNN"; }

//! [adding_batch]
void make_adding_batch(int64_t T, int64_t B, Rng& rng, Tensor& X, Tensor& Y) {
    std::vector<double> x(static_cast<std::size_t>(2 * T * B), 0.0), y(B);
    for (int64_t b = 0; b < B; ++b) {
        const int64_t first = int64_t(rng.below(uint64_t(T / 2)));              // in [0, T/2)
        const int64_t second = T / 2 + int64_t(rng.below(uint64_t(T - T / 2)));  // in [T/2, T)
        for (int64_t t = 0; t < T; ++t) {
            const int64_t col = t * B + b;  // time-major: step t of sequence b
            x[2 * col] = rng.uniform();     // the value v_t ~ U[0, 1]
            x[2 * col + 1] = (t == first || t == second) ? 1.0 : 0.0;  // the marker
        }
        y[b] = x[2 * (first * B + b)] + x[2 * (second * B + b)];      // v_first + v_second
    }
    X.copy_from(Tensor::from_values(X.shape(), x, X.dtype()));
    Y.copy_from(Tensor::from_values(Y.shape(), y, Y.dtype()));
}
//! [adding_batch]

std::unique_ptr<nn::Model> make_adding_model(Cell cell, int64_t H, int64_t T, int64_t B,
                                             const nn::Context& ctx) {
    auto net = std::make_unique<nn::Sequential>();
    if (cell == Cell::LSTM)
        net->add<nn::LSTM>(H, T, nn::Returns::Last);  // many-to-one: h_{T−1} only
    else
        net->add<nn::RNN>(H, T, nn::Returns::Last);
    net->add<nn::Dense>(1, nn::Init::Xavier);         // the sum, one number
    return std::make_unique<nn::Model>(std::move(net), Shape::matrix(2, 1), T * B, ctx);
}

double adding_test_mse(nn::Model& model, int64_t T, int64_t batch, int64_t n, uint64_t seed) {
    const nn::Context& ctx = model.context();
    Rng rng(seed);
    Tensor X(Shape::matrix(2, T * batch), ctx.dtype, ctx.device);
    Tensor Y(Shape::matrix(1, batch), ctx.dtype, ctx.device);
    nn::MeanSquaredError mse;
    mse.reserve(Shape::matrix(1, batch), ctx);
    double sum = 0;
    int64_t seen = 0;
    for (auto* r : recurrent_layers(model)) r->reset_state();
    while (seen < n) {  // the same n sequences every time (drawn again from the seed)
        make_adding_batch(T, batch, rng, X, Y);
        mse.forward(model.forward(X, {false}), Y);
        sum += mse.cost() * double(batch);
        seen += batch;
    }
    return sum / double(seen);
}

std::vector<double> adding_gradient_norms(nn::Model& model, const Tensor& X, const Tensor& Y) {
    auto rec = recurrent_layers(model);
    DL_CHECK(rec.size() == 1, "adding_gradient_norms: expected one recurrent layer");
    nn::MeanSquaredError mse;
    mse.reserve(Shape::matrix(1, Y.cols()), model.context());
    rec[0]->reset_state();
    rec[0]->record_gradient_norms(true);
    model.zero_grad();
    mse.forward(model.forward(X, {false}), Y);
    model.backward(mse.dZ());
    rec[0]->record_gradient_norms(false);
    model.zero_grad();
    return rec[0]->gradient_norms();
}

AddingRun train_adding(Cell cell, const AddingOptions& o) {
    const nn::Context ctx{o.device, DType::F32};
    auto model = make_adding_model(cell, o.hidden, o.T, o.batch, ctx);
    Rng init(o.seed);
    model->initialize(init);
    auto opt = nn::make_optimizer(nn::OptimizerKind::Adam, model->params(), o.lr);
    nn::MeanSquaredError mse;
    mse.reserve(model->output_shape(o.T * o.batch), ctx);
    Tensor X(Shape::matrix(2, o.T * o.batch), ctx.dtype, ctx.device);
    Tensor Y(Shape::matrix(1, o.batch), ctx.dtype, ctx.device);
    Tensor scratch(Shape::matrix(1, 1), ctx.dtype, ctx.device);
    const uint64_t test_seed = o.seed + 1000003;  // the test set: another stream, fixed

    AddingRun run;
    run.cell = cell;
    run.T = o.T;
    run.steps = o.steps;
    Rng probe_rng(test_seed + 7);
    Tensor Xp(X.shape(), ctx.dtype, ctx.device), Yp(Y.shape(), ctx.dtype, ctx.device);
    make_adding_batch(o.T, o.batch, probe_rng, Xp, Yp);
    run.norms_init = adding_gradient_norms(*model, Xp, Yp);

    Rng data(o.seed * 7919 + 13);
    const int every = std::max(1, o.steps / std::max(1, o.curve_points));
    char label[64];
    std::snprintf(label, sizeof label, "%s T=%lld", cell_name(cell), (long long)o.T);
    Progress bar(o.steps, label, o.progress);
    const auto t0 = std::chrono::steady_clock::now();
    double recent = 0;
    for (int s = 1; s <= o.steps; ++s) {
        make_adding_batch(o.T, o.batch, data, X, Y);  // fresh sequences at every step
        const StepStats st = train_step(*model, mse, *opt, X, Y, o.clip, scratch);
        recent = s == 1 ? st.loss : 0.95 * recent + 0.05 * st.loss;
        if (s % every == 0 || s == o.steps) {
            run.curve_steps.push_back(s);
            run.curve_mse.push_back(adding_test_mse(*model, o.T, o.batch, o.test_size, test_seed));
            char status[64];
            std::snprintf(status, sizeof status, "train MSE %.4f test %.4f", recent,
                          run.curve_mse.back());
            bar.update(s, status);
        }
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    run.test_mse = run.curve_mse.back();
    char status[80];
    std::snprintf(status, sizeof status, "test MSE %.4f, %.1f s", run.test_mse, run.seconds);
    bar.finish(status);
    run.norms_trained = adding_gradient_norms(*model, Xp, Yp);
    return run;
}

}  // namespace ch07
