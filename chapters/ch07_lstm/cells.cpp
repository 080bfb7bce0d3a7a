/// @file cells.cpp
/// @brief The exercises' cells against the layers, and the layers' gradient checks (see
/// cells.hpp).
#include "cells.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include "core/eigen_view.hpp"
#include "exercises/ch07.hpp"
#include "nn/gradcheck.hpp"
#include "nn/lstm.hpp"
#include "nn/rnn.hpp"

namespace ch07 {

using namespace dl;

namespace {

const nn::Context kF64{Device::CPU, DType::F64};

MatrixD randn(int64_t r, int64_t c, Rng& rng, double sd = 1.0) {
    Tensor t(Shape::matrix(r, c), DType::F64);
    rng.fill_normal(t, 0.0, sd);
    return mat<double>(t);
}

Tensor tensor(const MatrixD& m) { return from_eigen(m); }

void build(nn::Layer& l, const Shape& in, nn::ParamStore& ps) {
    l.set_name("cell");
    l.declare(in, ps);
    ps.allocate(kF64);
    l.reserve(in, kF64);
}

/// Every parameter moved off its initial value by N(0, 0.3²).
void jitter(nn::ParamStore& ps, Rng& rng) {
    for (const auto& p : ps.params()) mat<double>(p->value) += randn(p->shape.rows(), p->shape.cols(), rng, 0.3);
}

double max_abs(const MatrixD& a, const MatrixD& b) { return (a - b).cwiseAbs().maxCoeff(); }

}  // namespace

CellsReport run_cells(uint64_t seed) {
    CellsReport r;
    const int64_t D = 2, H = 3, B = 4;
    Rng rng(seed);
    const MatrixD x = randn(D, B, rng), h0 = randn(H, B, rng, 0.5), c0 = randn(H, B, rng, 0.5);

    {   // the plain RNN: h_t = tanh(W·[h_{t−1}, x_t] + b) with W = [W_h W_x]
        nn::RNN rnn(H, 1);
        nn::ParamStore ps;
        build(rnn, Shape::matrix(D, B), ps);
        ps.initialize(rng);
        jitter(ps, rng);
        rnn.set_state(tensor(h0));
        Tensor y(Shape::matrix(H, B), DType::F64);
        rnn.forward(tensor(x), y, {});
        MatrixD W(H, H + D);
        W << mat<double>(rnn.W_h().value), mat<double>(rnn.W_x().value);
        const MatrixD h = exercises::rnn_cell_forward(W, mat<double>(rnn.b().value).col(0), h0, x);
        r.rnn_forward_diff = max_abs(h, mat<double>(y));
    }

    //! [lstm_as_lecture]
    nn::LSTM lstm(H, 1);  // one step
    nn::ParamStore ps;
    build(lstm, Shape::matrix(D, B), ps);
    ps.initialize(rng);
    jitter(ps, rng);
    // The lecture's per-gate matrices from the layer's stacked ones: gate g is rows
    // [g·H, (g+1)·H) of W_h, W_x and b, and W_g = [W_{g,h}  W_{g,x}] acts on [h_{t−1}, x_t].
    const MatrixD Wh = mat<double>(lstm.W_h().value), Wx = mat<double>(lstm.W_x().value);
    const MatrixD bb = mat<double>(lstm.b().value);
    exercises::LstmParams p;
    MatrixD* W[4] = {&p.W_f, &p.W_i, &p.W_C, &p.W_o};
    Eigen::VectorXd* b[4] = {&p.b_f, &p.b_i, &p.b_C, &p.b_o};
    for (int g = 0; g < 4; ++g) {
        W[g]->resize(H, H + D);
        *W[g] << Wh.middleRows(g * H, H), Wx.middleRows(g * H, H);
        *b[g] = bb.middleRows(g * H, H).col(0);
    }
    const exercises::LstmCache k = exercises::lstm_cell_forward(p, h0, c0, x);
    //! [lstm_as_lecture]
    const Tensor c0t = tensor(c0);
    lstm.set_state(tensor(h0), &c0t);
    Tensor y(Shape::matrix(H, B), DType::F64);
    const Tensor xt = tensor(x);
    lstm.forward(xt, y, {});
    r.lstm_forward_diff =
        std::max(max_abs(k.h, mat<double>(y)), max_abs(k.c, mat<double>(lstm.cells())));

    // Backward: J = Σ R ⊙ h_t; the layer's gradients against the exercise's.
    const MatrixD R = randn(H, B, rng);
    ps.zero_grad();
    Tensor dx(Shape::matrix(D, B), DType::F64);
    lstm.backward(xt, y, tensor(R), &dx);
    const exercises::LstmGrads g = exercises::lstm_cell_backward(p, k, R, MatrixD::Zero(H, B));
    const MatrixD dWh = mat<double>(lstm.W_h().grad), dWx = mat<double>(lstm.W_x().grad);
    const MatrixD db = mat<double>(lstm.b().grad);
    const MatrixD* dW[4] = {&g.dW_f, &g.dW_i, &g.dW_C, &g.dW_o};
    const Eigen::VectorXd* dbg[4] = {&g.db_f, &g.db_i, &g.db_C, &g.db_o};
    double worst = std::max({max_abs(g.dx, mat<double>(dx)), max_abs(g.dh_prev, mat<double>(lstm.dh0())),
                             max_abs(g.dc_prev, mat<double>(lstm.dc0()))});
    for (int q = 0; q < 4; ++q) {
        worst = std::max(worst, max_abs(dW[q]->leftCols(H), dWh.middleRows(q * H, H)));
        worst = std::max(worst, max_abs(dW[q]->rightCols(D), dWx.middleRows(q * H, H)));
        worst = std::max(worst, max_abs(*dbg[q], db.middleRows(q * H, H)));
    }
    r.lstm_backward_diff = worst;

    // Global-norm clipping of the cell's gradients (the exercise), to a norm of 0.1.
    std::vector<MatrixD> grads = {g.dW_f, g.dW_i, g.dW_C, g.dW_o};
    r.grad_norm = exercises::clip_grad_norm(grads, 0.1);
    double s = 0;
    for (const auto& m : grads) s += m.squaredNorm();
    r.clipped_norm = std::sqrt(s);

    r.rnn_gradcheck = gradcheck_recurrent(false, 3, 5, 6, 2, seed + 1);
    r.lstm_gradcheck = gradcheck_recurrent(true, 3, 4, 6, 3, seed + 2);
    return r;
}

//! [gradcheck_recurrent]
double gradcheck_recurrent(bool lstm, int64_t D, int64_t H, int64_t T, int64_t B, uint64_t seed) {
    std::unique_ptr<nn::Recurrent> layer;
    if (lstm)
        layer = std::make_unique<nn::LSTM>(H, T);
    else
        layer = std::make_unique<nn::RNN>(H, T);
    const Shape in = Shape::matrix(D, T * B);
    nn::ParamStore ps;
    build(*layer, in, ps);
    Rng rng(seed);
    ps.initialize(rng);
    jitter(ps, rng);
    Tensor x = tensor(randn(D, T * B, rng));
    Tensor h0 = tensor(randn(H, B, rng, 0.5)), c0 = tensor(randn(H, B, rng, 0.5));
    Tensor y(layer->out_shape(in), DType::F64), dx(in, DType::F64);
    const MatrixD R = randn(y.rows(), y.cols(), rng);
    auto cost = [&] {  // J = Σ R ⊙ y, from the carried state (h0, c0)
        layer->set_state(h0, lstm ? &c0 : nullptr);
        layer->forward(x, y, {});
        return (mat<double>(y).array() * R.array()).sum();
    };
    auto gradients = [&] {
        ps.zero_grad();
        cost();
        layer->backward(x, y, tensor(R), &dx);
    };
    double worst = nn::gradient_check(ps, cost, gradients).max_rel_error;  // every W, b
    gradients();
    auto numeric = [&](Tensor& t) {  // two-sided differences for x, h0, c0
        std::vector<double> g;
        double* v = t.data<double>();
        for (int64_t k = 0; k < t.numel(); ++k) {
            const double saved = v[k];
            v[k] = saved + 1e-6;
            const double jp = cost();
            v[k] = saved - 1e-6;
            const double jm = cost();
            v[k] = saved;
            g.push_back((jp - jm) / 2e-6);
        }
        return g;
    };
    const auto dxv = dx.values(), dh0 = layer->dh0().values();
    const auto dc0 = lstm ? layer->dc0().values() : std::vector<double>{};
    worst = std::max(worst, nn::relative_error(numeric(x), dxv));
    worst = std::max(worst, nn::relative_error(numeric(h0), dh0));
    if (lstm) worst = std::max(worst, nn::relative_error(numeric(c0), dc0));
    return worst;
}
//! [gradcheck_recurrent]

}  // namespace ch07
