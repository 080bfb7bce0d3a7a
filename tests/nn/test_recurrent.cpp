// The recurrent layers (nn::RNN, nn::LSTM), the embedding layer and the sequence loss: forward
// values computed by hand, float64 gradient checks over 6 time steps (relative error ≤ 1e-7,
// the lecture's threshold) for every parameter, the input and the initial state, with hidden and
// cell state carried in; the time-major layout (sequences independent, windows with a carried
// state equal one long sequence, one step at a time equals a window); error messages; and CPU vs
// CUDA parity of a whole character model's forward and backward pass.
#include <cmath>
#include <functional>

#include "core/eigen_view.hpp"
#include "nn/dense.hpp"
#include "nn/embedding.hpp"
#include "nn/gradcheck.hpp"
#include "nn/lstm.hpp"
#include "nn/model.hpp"
#include "nn/rnn.hpp"
#include "nn/sequence_loss.hpp"
#include "nn/sequential.hpp"
#include "nn_test_util.hpp"

using namespace dl;
using namespace dl::nn;
using dl::test::message_has;

namespace {

constexpr double kGradTol = 1e-7;  // the lecture's "right" reading (gradcheck.hpp)
const Context kF64{Device::CPU, DType::F64};

void build(Layer& l, const Shape& in, ParamStore& ps, const Context& ctx = {}) {
    if (l.name().empty()) l.set_name("layer");
    l.declare(in, ps);
    ps.allocate(ctx);
    l.reserve(in, ctx);
}

void set(Param& p, const std::vector<double>& v) {
    p.value.copy_from(Tensor::from_values(p.shape, v, p.value.dtype()));
}

void expect_gradcheck(Layer& l, const Shape& in, uint64_t seed = 3) {
    const GradCheckResult r = gradcheck_layer(l, in, seed);
    for (const auto& s : r.slots)
        EXPECT_LE(s.rel_error, kGradTol) << l.describe() << ": " << s.name << " (" << s.count
                                         << " elements)";
    EXPECT_GE(r.slots.size(), 4u);  // W_x, W_h, b, input
}

/// Two-sided differences of J with respect to every element of t (perturbed in place).
std::vector<double> numeric(Tensor& t, const std::function<double()>& J, double eps = 1e-6) {
    std::vector<double> g;
    double* x = t.data<double>();
    for (int64_t k = 0; k < t.numel(); ++k) {
        const double saved = x[k];
        x[k] = saved + eps;
        const double jp = J();
        x[k] = saved - eps;
        const double jm = J();
        x[k] = saved;
        g.push_back((jp - jm) / (2 * eps));
    }
    return g;
}

/// The full check with a state carried in: every parameter, the input x, and the initial state
/// h_{−1} (and C_{−1}), for J = Σ R ⊙ layer(x) in float64 over T steps of B sequences.
void check_with_state(Recurrent& layer, int64_t D, int64_t B, uint64_t seed, bool cell) {
    const int64_t T = layer.steps(), H = layer.hidden();
    const Shape in = Shape::matrix(D, T * B);
    ParamStore ps;
    build(layer, in, ps, kF64);
    Rng rng(seed);
    ps.initialize(rng);
    for (const auto& p : ps.params()) {  // off the initial values, every bias non-zero
        Tensor noise = test::randn(p->shape, rng, 0.3, DType::F64);
        mat<double>(p->value) += mat<double>(noise);
    }
    Tensor x = test::randn(in, rng, 1.0, DType::F64);
    Tensor h0 = test::randn(Shape::matrix(H, B), rng, 0.5, DType::F64);
    Tensor c0 = test::randn(Shape::matrix(H, B), rng, 0.5, DType::F64);
    Tensor y(layer.out_shape(in), DType::F64), dx(in, DType::F64);
    const Tensor R = test::randn(y.shape(), rng, 1.0, DType::F64);
    auto cost = [&] {
        layer.set_state(h0, cell ? &c0 : nullptr);  // every evaluation starts from (h0, c0)
        layer.forward(x, y, {});
        return (mat<double>(y).array() * mat<double>(R).array()).sum();
    };
    auto gradients = [&] {
        ps.zero_grad();
        cost();
        layer.backward(x, y, R, &dx);
    };
    const GradCheckResult r = gradient_check(ps, cost, gradients);
    for (const auto& s : r.slots)
        EXPECT_LE(s.rel_error, kGradTol) << layer.describe() << ": " << s.name;
    gradients();
    const std::vector<double> exact_dx = dx.values(), exact_dh0 = layer.dh0().values();
    const std::vector<double> exact_dc0 = cell ? layer.dc0().values() : std::vector<double>{};
    EXPECT_LE(relative_error(numeric(x, cost), exact_dx), kGradTol) << "input";
    EXPECT_LE(relative_error(numeric(h0, cost), exact_dh0), kGradTol) << "h0";
    if (cell) {
        EXPECT_LE(relative_error(numeric(c0, cost), exact_dc0), kGradTol) << "c0";
    }
    EXPECT_GT(mat<double>(layer.dh0()).norm(), 1e-3);  // the state really entered J
}

}  // namespace

// H = 1, D = 1, T = 2, B = 1: W_x = 0.5, W_h = −1, b = 0.1, x = (1, 2):
//   h_0 = tanh(0.5·1 + 0.1) = tanh 0.6 = 0.5370496
//   h_1 = tanh(−1·0.5370496 + 0.5·2 + 0.1) = tanh 0.5629504 = 0.5101633
TEST(RNN, ForwardHandComputed) {
    for (Returns ret : {Returns::Sequence, Returns::Last}) {
        RNN rnn(1, 2, ret);
        ParamStore ps;
        build(rnn, Shape::matrix(1, 2), ps, kF64);
        set(rnn.W_x(), {0.5});
        set(rnn.W_h(), {-1});
        set(rnn.b(), {0.1});
        const Tensor x = Tensor::from_values(Shape::matrix(1, 2), {1, 2}, DType::F64);
        Tensor y(rnn.out_shape(x.shape()), DType::F64);
        rnn.forward(x, y, {});
        if (ret == Returns::Sequence) {
            ASSERT_EQ(y.shape(), Shape::matrix(1, 2));
            EXPECT_NEAR(y.at(0, 0), 0.5370495669980353, 1e-15);
            EXPECT_NEAR(y.at(0, 1), 0.5101632506598709, 1e-15);
        } else {
            ASSERT_EQ(y.shape(), Shape::matrix(1, 1));  // many-to-one: T·B columns → B
            EXPECT_NEAR(y.at(0, 0), 0.5101632506598709, 1e-15);
        }
    }
}

// H = 1, D = 1, T = 2: W_x = (0.5, −0.5, 1, 0.25), W_h = (0.1, 0.2, −0.3, 0.4) for (f, i, C, o),
// b = (1, 0, 0, 0) (the layer's initial forget bias), x = (1, −2):
//   t = 0: Z = (1.5, −0.5, 1, 0.25), C = σ(1.5)·0 + σ(−0.5)·tanh 1 = 0.2875328,
//          h = σ(0.25)·tanh C = 0.1573321
//   t = 1: Z = W_x·(−2) + W_h·0.1573321 + b = (0.0157332, 1.0314664, −2.0471996, −0.4370672),
//          C = σ(Z_f)·0.2875328 + σ(Z_i)·tanh Z_C = −0.5681336,  h = σ(Z_o)·tanh C = −0.2017092
TEST(LSTM, ForwardHandComputed) {
    LSTM lstm(1, 2);
    ParamStore ps;
    build(lstm, Shape::matrix(1, 2), ps, kF64);
    Rng rng(1);
    ps.initialize(rng);
    EXPECT_EQ(lstm.b().value.values(), (std::vector<double>{1, 0, 0, 0}));  // b_f = 1
    set(lstm.W_x(), {0.5, -0.5, 1.0, 0.25});
    set(lstm.W_h(), {0.1, 0.2, -0.3, 0.4});
    const Tensor x = Tensor::from_values(Shape::matrix(1, 2), {1, -2}, DType::F64);
    Tensor y(Shape::matrix(1, 2), DType::F64);
    lstm.forward(x, y, {});
    EXPECT_NEAR(y.at(0, 0), 0.15733206157783197, 1e-15);
    EXPECT_NEAR(y.at(0, 1), -0.2017091705735045, 1e-15);
    EXPECT_NEAR(lstm.cells().at(0, 0), 0.2875327669922985, 1e-15);
    EXPECT_NEAR(lstm.cells().at(0, 1), -0.5681335834277501, 1e-15);
    EXPECT_NEAR(lstm.final_c().at(0, 0), -0.5681335834277501, 1e-15);
}

TEST(RecurrentGradCheck, RnnSixStepsBothOutputs) {
    RNN seq(5, 6, Returns::Sequence), last(5, 6, Returns::Last);
    expect_gradcheck(seq, Shape::matrix(3, 6 * 2));  // D = 3, T = 6, B = 2
    expect_gradcheck(last, Shape::matrix(3, 6 * 2));
}

TEST(RecurrentGradCheck, LstmSixStepsBothOutputs) {
    LSTM seq(4, 6, Returns::Sequence), last(4, 6, Returns::Last);
    expect_gradcheck(seq, Shape::matrix(3, 6 * 3));  // D = 3, T = 6, B = 3
    expect_gradcheck(last, Shape::matrix(3, 6 * 3));
}

TEST(RecurrentGradCheck, RnnWithHiddenStateCarriedIn) {
    RNN seq(5, 7, Returns::Sequence), last(4, 6, Returns::Last);
    check_with_state(seq, 3, 2, 11, false);
    check_with_state(last, 2, 3, 12, false);
}

TEST(RecurrentGradCheck, LstmWithHiddenAndCellStateCarriedIn) {
    LSTM seq(5, 7, Returns::Sequence), last(3, 6, Returns::Last);
    check_with_state(seq, 3, 2, 13, true);
    check_with_state(last, 4, 3, 14, true);
}

// A check that cannot fail is no check: an LSTM whose dW_h is half the true sum over the steps
// (as a backward pass that stops the recurrence half way would give) must be caught.
namespace {
class LstmWithWrongRecurrentGradient : public LSTM {
public:
    using LSTM::LSTM;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override {
        LSTM::backward(x, y, dy, dx);
        mat<double>(W_h().grad) *= 0.5;
    }
};
}  // namespace

TEST(RecurrentGradCheck, CatchesAWrongRecurrentGradient) {
    LstmWithWrongRecurrentGradient bad(3, 5);
    const GradCheckResult r = gradcheck_layer(bad, Shape::matrix(2, 10), 3);
    EXPECT_LE(r.slot("layer.W_x").rel_error, kGradTol);
    EXPECT_GT(r.slot("layer.W_h").rel_error, 0.1);
}

// Time-major columns: column t·B + b is step t of sequence b, and sequences do not mix.
TEST(Recurrent, SequencesInABatchAreIndependent) {
    const int64_t D = 3, H = 4, T = 5, B = 3;
    LSTM lstm(H, T);
    ParamStore ps;
    build(lstm, Shape::matrix(D, T * B), ps, kF64);
    Rng rng(2);
    ps.initialize(rng);
    const Tensor X = test::randn(Shape::matrix(D, T * B), rng, 1.0, DType::F64);
    Tensor Y(Shape::matrix(H, T * B), DType::F64);
    lstm.forward(X, Y, {});
    const MatrixD Yb = mat<double>(Y);
    for (int64_t b = 0; b < B; ++b) {  // sequence b alone, as a batch of one
        Tensor x1(Shape::matrix(D, T), DType::F64), y1(Shape::matrix(H, T), DType::F64);
        for (int64_t t = 0; t < T; ++t) mat<double>(x1).col(t) = mat<double>(X).col(t * B + b);
        lstm.forward(x1, y1, {});
        for (int64_t t = 0; t < T; ++t)
            EXPECT_LE((mat<double>(y1).col(t) - Yb.col(t * B + b)).cwiseAbs().maxCoeff(), 1e-14);
    }
}

// Truncated BPTT: two windows of 4 steps with carry_state() in between compute the same hidden
// states as one window of 8 steps; one step at a time (set_steps(1), as when generating) too.
TEST(Recurrent, CarriedStateContinuesTheSequence) {
    const int64_t D = 2, H = 3, B = 2;
    for (int kind = 0; kind < 2; ++kind) {
        std::unique_ptr<Recurrent> l;
        if (kind == 0)
            l = std::make_unique<LSTM>(H, 8);
        else
            l = std::make_unique<RNN>(H, 8);
        ParamStore ps;
        build(*l, Shape::matrix(D, 8 * B), ps, kF64);
        Rng rng(3);
        ps.initialize(rng);
        const Tensor X = test::randn(Shape::matrix(D, 8 * B), rng, 1.0, DType::F64);
        Tensor Y(Shape::matrix(H, 8 * B), DType::F64);
        l->forward(X, Y, {});
        // two windows
        l->set_steps(4);
        l->reset_state();
        Tensor y1(Shape::matrix(H, 4 * B), DType::F64), y2(Shape::matrix(H, 4 * B), DType::F64);
        l->forward(X.slice_cols(0, 4 * B), y1, {});
        l->carry_state();
        l->forward(X.slice_cols(4 * B, 8 * B), y2, {});
        EXPECT_LE((mat<double>(y2) - mat<double>(Y.slice_cols(4 * B, 8 * B))).cwiseAbs().maxCoeff(),
                  1e-14);
        // one step at a time
        l->set_steps(1);
        l->reset_state();
        Tensor yt(Shape::matrix(H, B), DType::F64);
        for (int64_t t = 0; t < 8; ++t) {
            l->forward(X.slice_cols(t * B, (t + 1) * B), yt, {});
            l->carry_state();
            EXPECT_LE((mat<double>(yt) - mat<double>(Y.slice_cols(t * B, (t + 1) * B)))
                          .cwiseAbs().maxCoeff(),
                      1e-14) << l->kind() << " step " << t;
        }
        // reset_state() starts from zeros again
        l->reset_state();
        l->forward(X.slice_cols(0, B), yt, {});
        EXPECT_LE((mat<double>(yt) - mat<double>(Y.slice_cols(0, B))).cwiseAbs().maxCoeff(), 1e-14);
    }
}

TEST(Recurrent, GradientsAddUpAndNormsAreRecorded) {
    LSTM lstm(3, 4, Returns::Last);
    ParamStore ps;
    const Shape in = Shape::matrix(2, 4 * 2);
    build(lstm, in, ps, kF64);
    Rng rng(4);
    ps.initialize(rng);
    const Tensor x = test::randn(in, rng, 1.0, DType::F64);
    Tensor y(Shape::matrix(3, 2), DType::F64);
    const Tensor dy = test::randn(y.shape(), rng, 1.0, DType::F64);
    lstm.record_gradient_norms(true);
    ps.zero_grad();
    lstm.forward(x, y, {});
    lstm.backward(x, y, dy, nullptr);
    const std::vector<double> once = ps.grads().values();
    ASSERT_EQ(lstm.gradient_norms().size(), 4u);
    EXPECT_NEAR(lstm.gradient_norms()[3], mat<double>(dy).norm(), 1e-14);  // ∂J/∂h_{T−1} = dy
    lstm.backward(x, y, dy, nullptr);  // a second pass adds the same again
    const std::vector<double> twice = ps.grads().values();
    for (std::size_t k = 0; k < once.size(); ++k) EXPECT_NEAR(twice[k], 2 * once[k], 1e-14);
}

TEST(Recurrent, BadShapesAndStatesAreNamed) {
    LSTM lstm(3, 4);
    lstm.set_name("lstm1");
    ParamStore ps;
    build(lstm, Shape::matrix(2, 4 * 5), ps);
    EXPECT_TRUE(message_has([&] { lstm.out_shape(Shape::matrix(2, 10)); },
                            "LSTM 'lstm1' runs 4 steps: its input's columns (time-major, T·B) "
                            "must be a multiple of 4, got [2 x 10]"));
    EXPECT_TRUE(message_has([&] { lstm.out_shape(Shape::matrix(3, 8)); },
                            "LSTM 'lstm1' was built for 2 features per step, got [3 x 8]"));
    Tensor x = Tensor::zeros(Shape::matrix(2, 4 * 5)), y(Shape::matrix(3, 4 * 5));
    lstm.forward(x, y, {});
    lstm.carry_state();  // a state for B = 5
    Tensor x2 = Tensor::zeros(Shape::matrix(2, 4 * 2)), y2(Shape::matrix(3, 4 * 2));
    EXPECT_TRUE(message_has([&] { lstm.forward(x2, y2, {}); },
                            "the carried state is for a batch of 5 sequences, this input has 2 "
                            "(call reset_state() first)"));
    lstm.reset_state();
    EXPECT_NO_THROW(lstm.forward(x2, y2, {}));
    EXPECT_THROW(RNN(0, 3), Error);
    EXPECT_THROW(LSTM(3, 0), Error);
}

// The embedding layer: a float64 gradient check of E for a batch with repeated ids (gradcheck_
// layer draws random inputs, which are not ids, so the check is written out here).
TEST(EmbeddingLayer, GradientCheckWithRepeatedIds) {
    Embedding emb(7, 3);
    emb.set_name("emb");
    const Tensor ids = Tensor::from_values(Shape::row(6), {3, 0, 6, 3, 3, 1}, DType::F64);
    ParamStore ps;
    build(emb, ids.shape(), ps, kF64);
    Rng rng(5);
    ps.initialize(rng);
    Tensor y(Shape::matrix(3, 6), DType::F64), dx(ids.shape(), DType::F64);
    const Tensor R = test::randn(y.shape(), rng, 1.0, DType::F64);
    auto cost = [&] {
        emb.forward(ids, y, {});
        return (mat<double>(y).array() * mat<double>(R).array()).sum();
    };
    auto grads = [&] {
        ps.zero_grad();
        cost();
        emb.backward(ids, y, R, &dx);
    };
    const GradCheckResult r = gradient_check(ps, cost, grads);
    EXPECT_LE(r.max_rel_error, kGradTol);
    grads();
    EXPECT_EQ(dx.values(), std::vector<double>(6, 0.0));  // ids have no gradient
    EXPECT_EQ(emb.E().grad.at(0, 2), 0.0);                // id 2 is not in the batch
}

// The sequence loss: J is the mean of the per-position losses and dZ carries the 1/N.
TEST(SequenceLoss, MeanOverPositionsAndScaledGradient) {
    SequenceCrossEntropy loss;
    loss.reserve(3, 8, kF64);
    const Tensor Z = Tensor::from_values(Shape::matrix(3, 2), {1, 2, 3, 0, 0, 0}, DType::F64);
    const Tensor ids = Tensor::from_values(Shape::row(2), {0, 2}, DType::F64);
    loss.forward(Z, ids);
    EXPECT_NEAR(loss.cost(), (2.4076059644443806 + std::log(3.0)) / 2, 1e-12);
    EXPECT_NEAR(loss.dZ().at(2, 1), (1.0 / 3 - 1) / 2, 1e-15);
    EXPECT_TRUE(message_has([&] { loss.forward(Tensor::zeros(Shape::matrix(4, 2), DType::F64), ids); },
                            "reserved for 3 x 8 logits, got [4 x 2]"));
}

namespace {
/// A small character model: Embedding(V, E) → LSTM(H) → LSTM(H) → Dense(V), T steps.
std::unique_ptr<Model> char_model(int64_t V, int64_t E, int64_t H, int64_t T, int64_t B,
                                  const Context& ctx) {
    auto net = std::make_unique<Sequential>();
    net->add<Embedding>(V, E);
    net->add<LSTM>(H, T);
    net->add<LSTM>(H, T);
    net->add<Dense>(V, Init::Xavier);
    return std::make_unique<Model>(std::move(net), Shape::matrix(1, 1), T * B, ctx);
}
}  // namespace

// The whole character model in float64: J = mean nats per character over T·B positions, every
// parameter against two-sided differences.
TEST(RecurrentGradCheck, CharacterModelEndToEnd) {
    const int64_t V = 7, T = 5, B = 2;
    auto m = char_model(V, 3, 4, T, B, kF64);
    Rng rng(6);
    m->initialize(rng);
    // Off the initial values (larger W_h, non-zero biases): at the initial weights the gradients
    // of W_h are small enough (h ≈ 0.1) for the rounding of J (≈ 2 nats, 1e-16 relative) divided
    // by 2ε to reach 1e-7 of them.
    for (const auto& p : m->params().params()) {
        Tensor noise = test::randn(p->shape, rng, 0.5, DType::F64);
        mat<double>(p->value) += mat<double>(noise);
    }
    std::vector<double> in, out;
    for (int64_t k = 0; k < T * B; ++k) {
        in.push_back(double(rng.below(V)));
        out.push_back(double(rng.below(V)));
    }
    const Tensor X = Tensor::from_values(Shape::row(T * B), in, DType::F64);
    const Tensor Y = Tensor::from_values(Shape::row(T * B), out, DType::F64);
    SequenceCrossEntropy loss;
    loss.reserve(V, T * B, kF64);
    auto cost = [&] {
        loss.forward(m->forward(X, {}), Y);
        return loss.cost();
    };
    auto grads = [&] {
        m->zero_grad();
        loss.forward(m->forward(X, {}), Y);
        m->backward(loss.dZ());
    };
    const GradCheckResult r = gradient_check(m->params(), cost, grads);
    for (const auto& s : r.slots) EXPECT_LE(s.rel_error, kGradTol) << s.name;
    EXPECT_EQ(r.slots.size(), 9u);  // E, 2 × (W_x, W_h, b), W, b
}

// CPU vs CUDA: the character model's logits, loss and every gradient after one backward pass
// (float32 on both; tolerances as in test_nn_cuda.cpp: 1e-4 of max(|value|, floor), where the
// products sum at most a few dozen terms and 5 steps chain them).
TEST(RecurrentCuda, CharacterModelForwardAndBackwardMatchCpu) {
    DL_REQUIRE_CUDA();
    const int64_t V = 37, T = 7, B = 5;
    Tensor logits[2], grads[2], L[2];
    Rng data(7);
    std::vector<double> in, out;
    for (int64_t k = 0; k < T * B; ++k) {
        in.push_back(double(data.below(V)));
        out.push_back(double(data.below(V)));
    }
    for (int side = 0; side < 2; ++side) {
        const Device dev = side == 0 ? Device::CPU : Device::CUDA;
        auto m = char_model(V, 6, 13, T, B, {dev, DType::F32});
        Rng rng(8);
        m->initialize(rng);  // drawn on the CPU: the same weights on both devices
        const Tensor X = Tensor::from_values(Shape::row(T * B), in).to(dev);
        const Tensor Y = Tensor::from_values(Shape::row(T * B), out).to(dev);
        SequenceCrossEntropy loss;
        loss.reserve(V, T * B, m->context());
        m->zero_grad();
        loss.forward(m->forward(X, {true}), Y);
        m->backward(loss.dZ());
        logits[side] = m->forward(X, {true}).to(Device::CPU);
        L[side] = loss.L().to(Device::CPU);
        grads[side] = m->params().grads().to(Device::CPU);
    }
    DL_EXPECT_CLOSE(logits[1], logits[0], 1e-4, 0.1);
    DL_EXPECT_CLOSE(L[1], L[0], 1e-4, 0.1);
    DL_EXPECT_CLOSE(grads[1], grads[0], 1e-4, 1e-2);
}

TEST(RecurrentCuda, RnnAndLstmWithCarriedStateMatchCpu) {
    DL_REQUIRE_CUDA();
    const int64_t D = 5, H = 9, T = 6, B = 3;
    for (int kind = 0; kind < 2; ++kind) {
        Tensor out[2], dx[2], grads[2];
        for (int side = 0; side < 2; ++side) {
            const Device dev = side == 0 ? Device::CPU : Device::CUDA;
            std::unique_ptr<Recurrent> l;
            if (kind == 0)
                l = std::make_unique<LSTM>(H, T, Returns::Last);
            else
                l = std::make_unique<RNN>(H, T, Returns::Sequence);
            ParamStore ps;
            build(*l, Shape::matrix(D, T * B), ps, {dev, DType::F32});
            Rng rng(9);
            ps.initialize(rng);
            const Tensor x = test::randn(Shape::matrix(D, T * B), rng).to(dev);
            Tensor y(l->out_shape(x.shape()), DType::F32, dev), g(x.shape(), DType::F32, dev);
            l->forward(x, y, {});
            l->carry_state();  // the second window starts from the first's final state
            l->forward(x, y, {});
            Rng r2(10);
            const Tensor dy = test::randn(y.shape(), r2).to(dev);
            ps.zero_grad();
            l->backward(x, y, dy, &g);
            out[side] = y.to(Device::CPU);
            dx[side] = g.to(Device::CPU);
            grads[side] = ps.grads().to(Device::CPU);
        }
        DL_EXPECT_CLOSE(out[1], out[0], 1e-4, 0.1);
        DL_EXPECT_CLOSE(dx[1], dx[0], 1e-4, 1e-2);
        DL_EXPECT_CLOSE(grads[1], grads[0], 1e-4, 1e-2);
    }
}
