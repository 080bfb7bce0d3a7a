// The regularization and optimization pieces chapter 5 adds to common/nn: the Dropout layer
// (hand-computed values in both scalings, a float64 gradient check with its mask fixed by the
// Pass, the expectation it keeps, independent masks per layer and step, CPU vs CUDA masks),
// Adagrad as an optimizer kind, the learning-rate schedules, and on-the-fly augmentation.
#include <cmath>

#include "kernels/augment.hpp"
#include "nn/activation_layer.hpp"
#include "nn/augmented_source.hpp"
#include "nn/dense.hpp"
#include "nn/dropout.hpp"
#include "nn/gradcheck.hpp"
#include "nn/lr_schedule.hpp"
#include "nn/model.hpp"
#include "nn/optimizer.hpp"
#include "nn/sequential.hpp"
#include "nn_test_util.hpp"

using namespace dl;
using namespace dl::nn;

namespace {

/// Builds one layer on its own for inputs of shape `in`.
void build(Layer& l, const Shape& in, ParamStore& ps, const Context& ctx = {}) {
    if (l.name().empty()) l.set_name("dropout1");
    l.declare(in, ps);
    ps.allocate(ctx);
    l.reserve(in, ctx);
}

}  // namespace

TEST(DropoutLayer, InvertedAndTextbookHandComputed) {
    // x = (1, 2, 3, 4), keep_prob ½. Inverted: a kept unit is doubled, a dropped one is 0, and
    // at test time y = x. Textbook: a kept unit stays, and at test time y = x/2.
    const Tensor x = Tensor::from_values(Shape::matrix(4, 1), {1, 2, 3, 4});
    for (auto scaling : {DropoutScaling::Inverted, DropoutScaling::Textbook}) {
        Dropout d(0.5, scaling);
        ParamStore ps;
        build(d, x.shape(), ps);
        Tensor y(x.shape());
        d.forward(x, y, {true, 3, 17});
        const auto yv = y.values(), mv = d.mask().values();
        const double kept = scaling == DropoutScaling::Inverted ? 2.0 : 1.0;
        for (int i = 0; i < 4; ++i) {
            EXPECT_TRUE(mv[i] == 0.0 || mv[i] == kept);
            EXPECT_EQ(yv[i], (i + 1) * mv[i]);
        }
        d.forward(x, y, {false, 3, 17});
        EXPECT_EQ(y.values(), scaling == DropoutScaling::Inverted
                                  ? (std::vector<double>{1, 2, 3, 4})
                                  : (std::vector<double>{0.5, 1, 1.5, 2}));
        // Backward after a test-time pass: dx = dy·(1 or ½).
        Tensor dx(x.shape());
        d.backward(x, y, Tensor::full(x.shape(), 1.0), &dx);
        EXPECT_EQ(dx.values()[0], d.test_scale());
    }
    EXPECT_THROW(Dropout(0.0), Error);
    EXPECT_THROW(Dropout(1.2), Error);
}

TEST(DropoutLayer, GradientCheckWithTheMaskFixedByThePass) {
    // The lecture: gradient checking does not work with dropout on — unless the mask is the same
    // in every evaluation of J, which a counter-based mask with a fixed (seed, step) is.
    for (auto scaling : {DropoutScaling::Inverted, DropoutScaling::Textbook}) {
        Dropout d(0.7, scaling);
        d.set_name("dropout1");
        const GradCheckResult r = gradcheck_layer(d, Shape::matrix(7, 9), 5, {true, 12, 99});
        EXPECT_LE(r.slot("input").rel_error, 1e-7);
    }
    // Inside a network, between two dense layers.
    Sequential s;
    s.add<Dense>(6);
    s.add<ActivationLayer>(Activation::Tanh);
    s.add<Dropout>(0.6);
    s.add<Dense>(3);
    const GradCheckResult r = gradcheck_layer(s, Shape::matrix(5, 11), 7, {true, 4, 1});
    for (const auto& slot : r.slots) EXPECT_LE(slot.rel_error, 1e-7) << slot.name;
}

TEST(DropoutLayer, AMaskThatChangesBetweenEvaluationsFailsTheCheck) {
    // A layer that draws a new mask on every call (as np.random.rand does) breaks the check:
    // this is why the course keys its masks by the step, not by a running generator.
    class FreshMaskDropout : public Dropout {
    public:
        using Dropout::Dropout;
        void forward(const Tensor& x, Tensor& y, const Pass& pass) override {
            Pass p = pass;
            p.step = calls_++;
            Dropout::forward(x, y, p);
        }

    private:
        uint64_t calls_ = 0;
    };
    FreshMaskDropout d(0.5);
    d.set_name("dropout1");
    const GradCheckResult r = gradcheck_layer(d, Shape::matrix(6, 5), 5, {true, 0, 1});
    EXPECT_GT(r.slot("input").rel_error, 1e-2);
}

TEST(DropoutLayer, BothScalingsKeepTheExpectedOutputOfTestTime) {
    // Average the training output over 4,000 steps (4,000 masks): it approaches the test-time
    // output, x for inverted dropout and p·x for the textbook form. Per element the average of
    // n masks has spread x·√((1 − p)/(p·n)) (inverted), ≈ 0.011·x here: allow 0.05·x.
    const Tensor x = Tensor::from_values(Shape::matrix(3, 1), {1, -2, 4});
    for (auto scaling : {DropoutScaling::Inverted, DropoutScaling::Textbook}) {
        Dropout d(0.8, scaling);
        ParamStore ps;
        build(d, x.shape(), ps);
        Tensor y(x.shape()), test(x.shape());
        d.forward(x, test, {false, 0, 0});
        std::vector<double> mean(3, 0.0);
        const int n = 4000;
        for (int step = 0; step < n; ++step) {
            d.forward(x, y, {true, uint64_t(step), 5});
            const auto v = y.values();
            for (int i = 0; i < 3; ++i) mean[i] += v[i] / n;
        }
        for (int i = 0; i < 3; ++i)
            EXPECT_NEAR(mean[i], test.values()[i], 0.05 * std::abs(x.values()[i]));
    }
}

TEST(DropoutLayer, TwoLayersOfOneModelDrawIndependentMasks) {
    auto s = std::make_unique<Sequential>();
    s->add<Dropout>(0.5);
    s->add<Dropout>(1.0);  // a pass-through between the two
    s->add<Dropout>(0.5);
    Model m(std::move(s), Shape::matrix(200, 1), 10);
    auto& seq = static_cast<Sequential&>(m.net());
    auto& d1 = static_cast<Dropout&>(seq[0]);
    auto& d3 = static_cast<Dropout&>(seq[2]);
    EXPECT_EQ(d1.name(), "dropout1");
    EXPECT_EQ(d3.name(), "dropout3");
    EXPECT_NE(d1.layer_id(), d3.layer_id());
    m.forward(Tensor::full(Shape::matrix(200, 10), 1.0), {true, 1, 1});
    const auto a = d1.mask().values(), b = d3.mask().values();
    int same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
    EXPECT_NEAR(same, 1000, 120);  // independent: about half of 2,000 agree (σ ≈ 22)
}

TEST(DropoutLayerCuda, SameMaskAndGradientAsCpu) {
    DL_REQUIRE_CUDA();
    auto build_model = [](Device dev) {
        auto s = std::make_unique<Sequential>();
        s->add<Dense>(17);
        s->add<ActivationLayer>(Activation::ReLU);
        s->add<Dropout>(0.7);
        s->add<Dense>(5);
        return std::make_unique<Model>(std::move(s), Shape::matrix(13, 1), 37,
                                       Context{dev, DType::F32});
    };
    auto cpu = build_model(Device::CPU), gpu = build_model(Device::CUDA);
    Rng rng(3);
    cpu->initialize(rng);
    Tensor gv = gpu->params().values();
    gv.copy_from(cpu->params().values());
    const Tensor X = test::randn(Shape::matrix(13, 37), rng);
    const Pass pass{true, 41, 2024};
    const Tensor Zc = cpu->forward(X, pass).clone();
    const Tensor Zg = gpu->forward(X.to(Device::CUDA), pass).to(Device::CPU);
    auto& dc = static_cast<Dropout&>(static_cast<Sequential&>(cpu->net())[2]);
    auto& dg = static_cast<Dropout&>(static_cast<Sequential&>(gpu->net())[2]);
    EXPECT_EQ(dg.mask().values(), dc.mask().values());  // the same units dropped
    // Z agrees to float32 rounding of the products (see test_nn_cuda.cpp for the tolerance).
    DL_EXPECT_CLOSE(Zg, Zc, 1e-4, 0.1);
    const Tensor dZ = test::randn(Zc.shape(), rng);
    cpu->zero_grad();
    gpu->zero_grad();
    cpu->backward(dZ);
    gpu->backward(dZ.to(Device::CUDA));
    DL_EXPECT_CLOSE(gpu->params().grads().to(Device::CPU), cpu->params().grads(), 1e-4, 1e-2);
}

TEST(AdagradOptimizer, OneStepThroughTheFlatBufferIsTheKernelsStep) {
    // w = (1, 2, 0, …), dw = (2, −1, …): g = dw², w ← w − α·dw/(|dw| + ε) = w − α·sign(dw).
    EXPECT_EQ(parse_optimizer("adagrad"), OptimizerKind::Adagrad);
    EXPECT_STREQ(optimizer_name(OptimizerKind::Adagrad), "adagrad");
    EXPECT_TRUE(test::message_has([] { parse_optimizer("adadelta"); }, "adamw or adagrad"));
    auto net = std::make_unique<Sequential>();
    net->add<Dense>(1);
    Model m(std::move(net), Shape::matrix(2, 1), 1, {Device::CPU, DType::F64});
    auto& W = m.params().param("dense1.W");
    W.value.copy_from(Tensor::from_values(Shape::matrix(1, 2), {1, 2}, DType::F64));
    W.grad.copy_from(Tensor::from_values(Shape::matrix(1, 2), {2, -1}, DType::F64));
    auto opt = make_optimizer(OptimizerKind::Adagrad, m.params(), 0.1);
    EXPECT_STREQ(opt->name(), "adagrad");
    opt->step();
    EXPECT_NEAR(W.value.at(0, 0), 0.9, 1e-7);
    EXPECT_NEAR(W.value.at(0, 1), 2.1, 1e-7);
    ASSERT_EQ(opt->state().size(), 1u);
    EXPECT_EQ(opt->state()[0].first, "g");
    EXPECT_NEAR(opt->state()[0].second->values()[W.offset], 4.0, 1e-12);
}

TEST(LrSchedule, TheLecturesFormulasByHand) {
    // Inverse time, α₀ = 0.2, d = 1 (the lecture's example): 0.2, 0.1, 0.0667, 0.05, 0.04.
    const LrSchedule inv = LrSchedule::inverse_time(0.2, 1.0);
    EXPECT_DOUBLE_EQ(inv.at(0), 0.2);
    EXPECT_DOUBLE_EQ(inv.at(1), 0.1);
    EXPECT_DOUBLE_EQ(inv.at(2), 0.2 / 3);
    EXPECT_DOUBLE_EQ(inv.at(4), 0.04);
    // Exponential 0.95^t · α₀: t = 10 → 0.95¹⁰ = 0.598736939238379·α₀.
    EXPECT_NEAR(LrSchedule::exponential(0.1, 0.95).at(10), 0.1 * 0.598736939238379, 1e-14);
    // Step: halve every 3 epochs: t = 0..2 → α₀, 3..5 → α₀/2, 6 → α₀/4.
    const LrSchedule st = LrSchedule::step(1.0, 0.5, 3);
    EXPECT_EQ(st.at(2), 1.0);
    EXPECT_EQ(st.at(3), 0.5);
    EXPECT_EQ(st.at(6), 0.25);
    EXPECT_EQ(LrSchedule::constant(0.3).at(100), 0.3);
    // The Trainer's hook counts epochs from 1.
    EXPECT_DOUBLE_EQ(inv.per_epoch()(1), 0.2);
    EXPECT_DOUBLE_EQ(inv.per_epoch()(2), 0.1);
    EXPECT_TRUE(test::message_has([] { LrSchedule::exponential(0.1, 1.5); }, "(0, 1], got 1.5"));
    EXPECT_TRUE(test::message_has([] { LrSchedule::step(0.1, 0.5, 0); }, "got 0"));
    EXPECT_TRUE(test::message_has([] { LrSchedule::inverse_time(-1, 0.5); }, "α₀ > 0, got -1"));
}

TEST(AugmentedSource, EveryBatchIsAugmentedAnewAndLabelsStay) {
    const ImageDataset d = test::tiny_images(8);
    const DeviceImages di = to_device(d, Device::CPU);
    const ImageSource plain(di, 2, 2);
    const AugmentSettings s{1, true};
    const AugmentedImageSource aug(plain, s, 3);
    const DeviceArray<int32_t> order(std::vector<int32_t>{0, 1, 2, 3, 4, 5, 6, 7}, Device::CPU);
    Tensor X0(plain.input_shape(8)), Y0(plain.target_shape(8));
    Tensor X1(X0.shape()), Y1(Y0.shape()), X2(X0.shape()), Y2(Y0.shape());
    plain.gather(order, 0, X0, Y0);
    aug.gather(order, 0, X1, Y1);
    aug.gather(order, 0, X2, Y2);
    EXPECT_EQ(aug.batches(), 2u);
    EXPECT_EQ(Y1.values(), Y0.values());
    EXPECT_EQ(Y2.values(), Y0.values());
    EXPECT_NE(X1.values(), X2.values());  // batch 0 and batch 1 are moved differently
    Tensor want(X0.shape());
    augment_images(X0, want, s, 3, 1);  // the second batch drawn is batch number 1
    EXPECT_EQ(X2.values(), want.values());
    Tensor Xs(plain.input_shape(3)), Ys(plain.target_shape(3));  // a smaller last batch
    aug.gather(order, 5, Xs, Ys);
    EXPECT_EQ(aug.batches(), 3u);
}
