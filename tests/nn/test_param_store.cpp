// common/nn: the flat parameter buffer, the optimizers that update it in one kernel per segment,
// gradient clipping, and the parameter file.
#include <cmath>
#include <filesystem>

#include "core/eigen_view.hpp"
#include "data/dataset.hpp"
#include "io/atomic_file.hpp"
#include "nn/loss.hpp"
#include "nn/mlp.hpp"
#include "nn/optimizer.hpp"
#include "nn/params_io.hpp"
#include "nn_test_util.hpp"

using namespace dl;
using namespace dl::nn;
using dl::test::message_has;

namespace {
/// 3-4-2: dense1.W (4 x 3, 12), dense1.b (4), dense2.W (2 x 4, 8), dense2.b (2).
std::unique_ptr<Model> small_model(int64_t batch = 8, DType dtype = DType::F32) {
    return make_mlp_model({3, 4, 2}, Activation::Tanh, Init::Xavier, batch,
                          {Device::CPU, dtype});
}
}  // namespace

// Decayed weights first, every slot at a multiple of 16 elements (64 bytes), padding zero.
TEST(ParamStore, LayoutSegmentsAndViews) {
    auto m = small_model();
    ParamStore& ps = m->params();
    EXPECT_EQ(ps.param("dense1.W").offset, 0);
    EXPECT_EQ(ps.param("dense2.W").offset, 16);
    EXPECT_EQ(ps.param("dense1.b").offset, 32);
    EXPECT_EQ(ps.param("dense2.b").offset, 48);
    EXPECT_EQ(ps.values().numel(), 64);
    EXPECT_EQ(ps.count(), 12 + 4 + 8 + 2);
    ASSERT_EQ(ps.segments().size(), 2u);
    EXPECT_EQ(ps.segments()[0].begin, 0);
    EXPECT_EQ(ps.segments()[0].end, 32);
    EXPECT_TRUE(ps.segments()[0].decay);
    EXPECT_EQ(ps.segments()[1].begin, 32);
    EXPECT_EQ(ps.segments()[1].end, 64);
    EXPECT_FALSE(ps.segments()[1].decay);
    // A view writes into the flat buffer.
    ps.param("dense2.W").value.fill(2.0);
    const auto flat = ps.values().values();
    EXPECT_EQ(flat[16], 2.0);
    EXPECT_EQ(flat[23], 2.0);
    EXPECT_EQ(flat[24], 0.0);  // padding
    Tensor g = ps.grads();
    g.fill(3.0);
    ps.zero_grad();
    for (double v : ps.grads().values()) ASSERT_EQ(v, 0.0);
    EXPECT_TRUE(message_has([&] { ps.param("dense3.W"); }, "dense1.W, dense1.b, dense2.W"));
    EXPECT_TRUE(message_has([&] { ps.add("x", Shape::column(1), Fill::constant(0), false); },
                            "after allocate"));
}

TEST(ParamStore, FreezingSplitsTheSegments) {
    auto m = small_model();
    ParamStore& ps = m->params();
    EXPECT_EQ(ps.freeze("dense1."), 2);
    ASSERT_EQ(ps.segments().size(), 2u);
    EXPECT_EQ(ps.segments()[0].begin, 16);  // dense2.W only
    EXPECT_EQ(ps.segments()[0].end, 32);
    EXPECT_EQ(ps.segments()[1].begin, 48);  // dense2.b only
    EXPECT_EQ(ps.freeze("dense1.", false), 2);
    EXPECT_EQ(ps.segments().size(), 2u);
    EXPECT_EQ(ps.segments()[0].end, 32);
}

TEST(ParamStore, InitializeDrawsInDeclarationOrder) {
    // The same seed gives the same weights as drawing W1 then W2 by hand (biases draw nothing).
    auto m = small_model();
    Rng a(5);
    m->initialize(a);
    Rng b(5);
    Tensor W1(Shape::matrix(4, 3)), W2(Shape::matrix(2, 4));
    init_weights(W1, Init::Xavier, b);
    init_weights(W2, Init::Xavier, b);
    EXPECT_EQ(m->params().param("dense1.W").value.values(), W1.values());
    EXPECT_EQ(m->params().param("dense2.W").value.values(), W2.values());
    for (double v : m->params().param("dense1.b").value.values()) EXPECT_EQ(v, 0.0);
}

namespace {
/// 40 points of an XOR-like problem and one model per optimizer; returns (J before, J after).
std::pair<double, double> train(OptimizerKind kind, double lr, int steps) {
    auto m = make_mlp_model({2, 8, 2}, Activation::Tanh, Init::Xavier, 40);
    Rng rng(2);
    m->initialize(rng);
    Tensor X(Shape::matrix(2, 40));
    rng.fill_normal(X);
    const auto x = X.values();
    std::vector<int> y;
    for (int j = 0; j < 40; ++j) y.push_back(x[2 * j] * x[2 * j + 1] > 0 ? 1 : 0);
    const Tensor Y = one_hot(y, 2);
    SoftmaxCrossEntropy loss;
    loss.reserve(m->output_shape(40), m->context());
    auto opt = make_optimizer(kind, m->params(), lr);
    loss.forward(m->forward(X, {}), Y);
    const double J0 = loss.cost();
    for (int i = 0; i < steps; ++i) {
        m->zero_grad();
        loss.forward(m->forward(X, {true}), Y);
        m->backward(loss.dZ());
        opt->step();
    }
    EXPECT_EQ(opt->steps(), steps);
    loss.forward(m->forward(X, {}), Y);
    return {J0, loss.cost()};
}
}  // namespace

TEST(Optimizers, EachLowersTheCostOfASmallProblem) {
    for (auto [kind, lr] : std::vector<std::pair<OptimizerKind, double>>{
             {OptimizerKind::SGD, 0.5}, {OptimizerKind::Momentum, 0.5},
             {OptimizerKind::RMSprop, 0.01}, {OptimizerKind::Adam, 0.02},
             {OptimizerKind::AdamW, 0.02}}) {
        const auto [J0, J1] = train(kind, lr, 300);
        EXPECT_LT(J1, 0.5 * J0) << optimizer_name(kind);
    }
    EXPECT_THROW(parse_optimizer("lbfgs"), UsageError);
}

// With zero gradients, only the weight-decay terms move anything: AdamW and the L2 term shrink
// the weights by (1 − α·λ) and leave biases alone; frozen parameters never move.
TEST(Optimizers, WeightDecayTouchesWeightsOnlyAndFrozenParametersStay) {
    auto m = small_model();
    ParamStore& ps = m->params();
    Rng rng(3);
    m->initialize(rng);
    ps.param("dense1.b").value.fill(0.5);
    const auto W0 = ps.param("dense2.W").value.values();
    const auto b0 = ps.param("dense1.b").value.values();
    Adam adamw(ps, 0.1, 0.9, 0.999, 1e-8, 0.2);
    EXPECT_STREQ(adamw.name(), "adamw");
    ps.zero_grad();
    adamw.step();
    const auto W1 = ps.param("dense2.W").value.values();
    for (std::size_t i = 0; i < W0.size(); ++i)
        EXPECT_NEAR(W1[i], W0[i] * (1 - 0.1 * 0.2), 1e-7) << i;
    EXPECT_EQ(ps.param("dense1.b").value.values(), b0);

    Sgd sgd(ps, 0.1);
    sgd.set_l2(0.5);  // dW += 0.5·W, then W ← W − 0.1·dW: W·(1 − 0.05)
    ps.freeze("dense2.");
    ps.zero_grad();
    const auto D1 = ps.param("dense1.W").value.values();
    sgd.step();
    const auto D2 = ps.param("dense1.W").value.values();
    for (std::size_t i = 0; i < D1.size(); ++i) EXPECT_NEAR(D2[i], D1[i] * 0.95, 1e-7);
    EXPECT_EQ(ps.param("dense2.W").value.values(), W1);  // frozen
    EXPECT_TRUE(message_has([&] { sgd.set_lr(-1); }, "learning rate"));
}

TEST(Optimizers, ClipGradNormScalesToTheLimit) {
    auto m = small_model();
    ParamStore& ps = m->params();
    ps.zero_grad();
    ps.param("dense1.W").grad.fill(0.0);
    mat<float>(ps.param("dense1.W").grad.reshape(Shape::matrix(12, 1)))(0, 0) = 3.0f;
    mat<float>(ps.param("dense2.b").grad)(1, 0) = 4.0f;  // ‖g‖ = 5
    Tensor scratch(Shape::matrix(1, 1));
    EXPECT_NEAR(clip_grad_norm(ps, 10.0, scratch), 5.0, 1e-6);  // under the limit: untouched
    EXPECT_NEAR(ps.param("dense2.b").grad.at(1, 0), 4.0, 1e-7);
    EXPECT_NEAR(clip_grad_norm(ps, 1.0, scratch), 5.0, 1e-6);
    EXPECT_NEAR(ps.param("dense1.W").grad.at(0, 0), 0.6, 1e-6);  // 3/5
    EXPECT_NEAR(ps.param("dense2.b").grad.at(1, 0), 0.8, 1e-6);  // 4/5
}

TEST(ParamsIo, SaveLoadRoundTripAndRefusals) {
    const std::string dir = test::temp_dir("params");
    const std::string path = join_path(dir, "model.bin");
    Rng rng(5);
    auto a = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 4);
    a->initialize(rng);
    rng.fill_normal(a->params().param("dense1.b").value);
    const auto av = named_values(a->params());
    save_params(path, av, "4-3-2 relu", false);
    EXPECT_TRUE(message_has([&] { save_params(path, av, "4-3-2 relu", false); }, "--force"));
    save_params(path, av, "4-3-2 relu", true);  // allowed with overwrite
    auto b = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 4);
    load_params(path, named_values(b->params()));
    EXPECT_EQ(b->params().values().values(), a->params().values().values());
    const std::string bytes = read_file(path);
    EXPECT_EQ(bytes.rfind("dlcourse-params 1\nmodel 4-3-2 relu\ntensors 4\ndense1.W float32 3 4\n", 0),
              0u);
    auto wrong = make_mlp_model({4, 5, 2}, Activation::ReLU, Init::He, 4);
    EXPECT_TRUE(message_has([&] { load_params(path, named_values(wrong->params())); },
                            "dense1.W is [3 x 4] in the file"));
    auto deeper = make_mlp_model({4, 3, 3, 2}, Activation::ReLU, Init::He, 4);
    EXPECT_TRUE(message_has([&] { load_params(path, named_values(deeper->params())); },
                            "holds 4 tensors"));
    write_file_atomic(path, bytes.substr(0, bytes.size() - 3));
    EXPECT_TRUE(message_has([&] { load_params(path, named_values(b->params())); }, "truncated"));
    std::filesystem::remove_all(dir);
}
