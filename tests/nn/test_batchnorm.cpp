// Batch normalisation: the kernel on its (inner, channels, outer) view and the two layers,
// BatchNorm ([n x m]) and BatchNorm2d ([W x H x C x N]). Hand-computed forward values and
// running averages, evaluation with the running statistics, the gradient check (float64,
// relative error ≤ 1e-7) in training *and* evaluation mode on odd shapes, the parameter store's
// bookkeeping (γ and β without weight decay, running statistics as buffers), and CPU vs CUDA
// parity of the kernels and the layers.
#include <cmath>

#include "kernels/batchnorm.hpp"
#include "nn/batchnorm.hpp"
#include "nn/gradcheck.hpp"
#include "nn/optimizer.hpp"
#include "nn_test_util.hpp"

using namespace dl;
using namespace dl::nn;

namespace {

constexpr double kGradTol = 1e-7;  // the lecture's "right" reading (gradcheck.hpp)

void build(Layer& l, const Shape& in, ParamStore& ps, const Context& ctx = {}) {
    if (l.name().empty()) l.set_name("bn");
    l.declare(in, ps);
    ps.allocate(ctx);
    l.reserve(in, ctx);
    Rng rng(1);
    ps.initialize(rng);
}

void expect_gradcheck(Layer& l, const Shape& in, bool training, uint64_t seed = 5) {
    const GradCheckResult r = gradcheck_layer(l, in, seed, Pass{training});
    ASSERT_EQ(r.slots.size(), 3u);  // γ, β and the input
    for (const auto& s : r.slots)
        EXPECT_LE(s.rel_error, kGradTol) << l.describe() << (training ? " training: " : " eval: ")
                                         << s.name << " (" << s.count << " elements)";
}

/// Two-sided differences of cost() for every element of t (float64), as gradcheck.cpp does.
std::vector<double> numeric(Tensor& t, const std::function<double()>& cost, double eps = 1e-6) {
    double* x = t.data<double>();
    std::vector<double> g(static_cast<std::size_t>(t.numel()));
    for (int64_t i = 0; i < t.numel(); ++i) {
        const double saved = x[i];
        x[i] = saved + eps;
        const double jp = cost();
        x[i] = saved - eps;
        const double jm = cost();
        x[i] = saved;
        g[i] = (jp - jm) / (2 * eps);
    }
    return g;
}

}  // namespace

// One unit over m = 4 samples: z = (1, 2, 3, 4) has μ = 2.5 and σ² = (2.25 + 0.25)·2/4 = 1.25;
// a constant unit (10, 10, 10, 10) has σ² = 0, so ẑ = 0 and y = β.
TEST(BatchNorm, HandComputedTrainingForwardAndRunningAverages) {
    BatchNorm bn;
    ParamStore ps;
    build(bn, Shape::matrix(2, 4), ps);
    bn.gamma().value.copy_from(Tensor::from_values(Shape::column(2), {2, 1}));
    bn.beta().value.copy_from(Tensor::from_values(Shape::column(2), {0.5, -1}));
    const Tensor Z = Tensor::from_values(Shape::matrix(2, 4), {1, 10, 2, 10, 3, 10, 4, 10});
    Tensor Y(Z.shape());
    bn.forward(Z, Y, Pass{true});
    const double s = 1.0 / std::sqrt(1.25 + 1e-5);
    const double want[4] = {-1.5, -0.5, 0.5, 1.5};
    for (int j = 0; j < 4; ++j) {
        EXPECT_NEAR(Y.at(0, j), 2 * want[j] * s + 0.5, 1e-6);  // γ·ẑ + β
        EXPECT_NEAR(Y.at(1, j), -1.0, 1e-6);                  // constant unit → β
    }
    EXPECT_NEAR(bn.mean().at(0, 0), 2.5, 1e-7);
    EXPECT_NEAR(bn.inv_std().at(0, 0), s, 1e-6);
    // Running averages with momentum 0.1 from (0, 1): mean 0.1·2.5 = 0.25; variance
    // 0.9·1 + 0.1·(1.25·4/3) = 1.0666667 (the unbiased batch variance).
    EXPECT_NEAR(bn.running_mean().value.at(0, 0), 0.25, 1e-7);
    EXPECT_NEAR(bn.running_var().value.at(0, 0), 0.9 + 0.1 * 1.25 * 4 / 3, 1e-6);
    EXPECT_NEAR(bn.running_mean().value.at(1, 0), 1.0, 1e-6);  // 0.1·10
    EXPECT_NEAR(bn.running_var().value.at(1, 0), 0.9, 1e-7);   // 0.9·1 + 0.1·0
}

// Evaluation uses the running statistics: with running mean 2 and variance 4 the unit maps
// z to γ·(z − 2)/√(4 + ε) + β whatever the rest of the batch holds, and nothing is updated.
TEST(BatchNorm, EvaluationUsesTheRunningStatistics) {
    BatchNorm bn;
    ParamStore ps;
    build(bn, Shape::matrix(1, 3), ps);
    bn.running_mean().value.fill(2.0);
    bn.running_var().value.fill(4.0);
    bn.gamma().value.fill(3.0);
    bn.beta().value.fill(1.0);
    const Tensor Z = Tensor::from_values(Shape::matrix(1, 3), {2, 4, 10});
    Tensor Y(Z.shape());
    bn.forward(Z, Y, Pass{false});
    const double s = 1.0 / std::sqrt(4.0 + 1e-5);
    EXPECT_NEAR(Y.at(0, 0), 1.0, 1e-6);
    EXPECT_NEAR(Y.at(0, 1), 3 * 2 * s + 1, 1e-6);
    EXPECT_NEAR(Y.at(0, 2), 3 * 8 * s + 1, 1e-6);
    EXPECT_EQ(bn.running_mean().value.at(0, 0), 2.0);
    EXPECT_EQ(bn.running_var().value.at(0, 0), 4.0);
    // One sample alone gives the same output as inside the batch.
    Tensor y1(Shape::matrix(1, 1));
    bn.forward(Z.slice_cols(2, 3), y1, Pass{false});
    EXPECT_NEAR(y1.at(0, 0), Y.at(0, 2), 1e-12);
}

// Channel 0 of two 1x2 images: image 0 holds (1, 3), image 1 holds (5, 7): μ = 4 over all four
// positions, σ² = (9 + 1 + 1 + 9)/4 = 5. Channel 1 holds (0, 0) and (2, 2): μ = 1, σ² = 1.
TEST(BatchNorm2d, StatisticsRunOverImagesAndPositions) {
    BatchNorm2d bn;
    ParamStore ps;
    const Shape in = Shape::images(2, 2, 1, 2);  // [W 2 x H 1 x C 2 x N 2]
    build(bn, in, ps);
    // Column-major: image 0 = (c0: 1, 3; c1: 0, 0), image 1 = (c0: 5, 7; c1: 2, 2).
    const Tensor X = Tensor::from_values(in, {1, 3, 0, 0, 5, 7, 2, 2});
    Tensor Y(in);
    bn.forward(X, Y, Pass{true});
    EXPECT_NEAR(bn.mean().at(0, 0), 4.0, 1e-7);
    EXPECT_NEAR(bn.mean().at(1, 0), 1.0, 1e-7);
    EXPECT_NEAR(bn.inv_std().at(0, 0), 1 / std::sqrt(5.0 + 1e-5), 1e-6);
    EXPECT_NEAR(bn.inv_std().at(1, 0), 1 / std::sqrt(1.0 + 1e-5), 1e-6);
    const auto y = Y.values();
    const double s0 = 1 / std::sqrt(5.0 + 1e-5), s1 = 1 / std::sqrt(1.0 + 1e-5);
    const double want[8] = {-3 * s0, -s0, -s1, -s1, s0, 3 * s0, s1, s1};
    for (int i = 0; i < 8; ++i) EXPECT_NEAR(y[i], want[i], 1e-6) << "element " << i;
    EXPECT_EQ(ps.count(), 4);  // γ and β per channel; the running statistics are not parameters
}

// The one kernel covers both: BatchNorm2d on [1 x 1 x C x N] is BatchNorm on [C x N].
TEST(BatchNorm2d, OnOnePixelImagesIsTheDenseBatchNorm) {
    BatchNorm a;
    BatchNorm2d b;
    ParamStore pa, pb;
    build(a, Shape::matrix(5, 7), pa);
    build(b, Shape::images(7, 5, 1, 1), pb);
    Rng rng(3);
    const Tensor X = test::randn(Shape::matrix(5, 7), rng);
    Tensor ya(X.shape()), yb(Shape::images(7, 5, 1, 1));
    a.forward(X, ya, Pass{true});
    b.forward(X.reshape(yb.shape()), yb, Pass{true});
    EXPECT_EQ(ya.values(), yb.values());
}

TEST(BatchNorm, StoreFlagsAndBuffers) {
    BatchNorm2d bn;
    bn.set_name("bn1");
    ParamStore ps;
    build(bn, Shape::images(2, 3, 4, 4), ps);
    EXPECT_FALSE(ps.param("bn1.gamma").decay);  // no weight decay on γ and β
    EXPECT_FALSE(ps.param("bn1.beta").decay);
    EXPECT_EQ(ps.param("bn1.gamma").value.values(), std::vector<double>(3, 1.0));
    EXPECT_EQ(ps.buffer("bn1.running_var").value.values(), std::vector<double>(3, 1.0));
    EXPECT_EQ(ps.buffers().size(), 2u);
    // An optimizer step moves γ and β, never the running statistics.
    Tensor g = ps.grads();  // a handle to the flat gradient buffer
    g.fill(1.0);
    auto opt = make_optimizer(OptimizerKind::SGD, ps, 0.5);
    opt->step();
    EXPECT_EQ(ps.param("bn1.gamma").value.values(), std::vector<double>(3, 0.5));
    EXPECT_EQ(ps.buffer("bn1.running_mean").value.values(), std::vector<double>(3, 0.0));
}

TEST(BatchNorm, RefusesAShapeItWasNotBuiltFor) {
    BatchNorm2d bn;
    ParamStore ps;
    build(bn, Shape::images(2, 3, 4, 4), ps);
    EXPECT_TRUE(test::message_has([&] { bn.out_shape(Shape::images(2, 5, 4, 4)); },
                                  "was built for 3 channels"));
    EXPECT_TRUE(test::message_has([&] { bn.out_shape(Shape::matrix(3, 2)); },
                                  "expects images [W x H x C x N]"));
    EXPECT_TRUE(test::message_has([] { BatchNorm bad(0.0); }, "eps must be > 0"));
}

TEST(LayerGradCheck, BatchNormTrainingAndEvaluation) {
    BatchNorm bn;
    expect_gradcheck(bn, Shape::matrix(7, 5), true);
    BatchNorm bn_eval;
    expect_gradcheck(bn_eval, Shape::matrix(7, 5), false);
}

TEST(LayerGradCheck, BatchNorm2dTrainingAndEvaluation) {
    BatchNorm2d bn;
    expect_gradcheck(bn, Shape::images(3, 4, 3, 5), true);  // 3 images, 4 channels of 3x5
    BatchNorm2d bn_eval;
    expect_gradcheck(bn_eval, Shape::images(3, 4, 3, 5), false);
}

// Evaluation after training steps, so that the running statistics are not their initial 0 and 1
// (with those, evaluation would be γ·z + β and would not test the use of the statistics).
TEST(LayerGradCheck, BatchNorm2dEvaluationWithLearnedRunningStatistics) {
    BatchNorm2d bn;
    ParamStore ps;
    const Shape in = Shape::images(3, 2, 5, 3);
    const Context f64{Device::CPU, DType::F64};
    build(bn, in, ps, f64);
    Rng rng(17);
    Tensor x(in, DType::F64), y(in, DType::F64), dx(in, DType::F64), R(in, DType::F64);
    for (int step = 0; step < 5; ++step) {  // move the running averages
        rng.fill_normal(x, 1.5, 2.0);
        bn.forward(x, y, Pass{true});
    }
    const auto rm = bn.running_mean().value.values();
    EXPECT_GT(std::abs(rm[0]), 0.3);  // 1 − 0.9⁵ of the mean 1.5, give or take the noise
    rng.fill_normal(ps.param("bn.gamma").value, 1.0, 0.3);
    rng.fill_normal(ps.param("bn.beta").value, 0.0, 0.3);
    rng.fill_normal(x);
    rng.fill_normal(R);
    const auto r = R.values();
    auto cost = [&] {
        bn.forward(x, y, Pass{false});
        const auto v = y.values();
        double J = 0;
        for (std::size_t i = 0; i < v.size(); ++i) J += r[i] * v[i];
        return J;
    };
    auto gradients = [&] {
        ps.zero_grad();
        bn.forward(x, y, Pass{false});
        bn.backward(x, y, R, &dx);
    };
    const GradCheckResult res = gradient_check(ps, cost, gradients);
    for (const auto& s : res.slots) EXPECT_LE(s.rel_error, kGradTol) << s.name;
    gradients();
    EXPECT_LE(relative_error(numeric(x, cost), dx.values()), kGradTol) << "input";
    EXPECT_EQ(bn.running_mean().value.values(), rm);  // evaluation never moved them
}

// The check can fail: a backward pass that treats the batch statistics as constants (the
// evaluation formula used in training) is caught on the input gradient.
namespace {
class BatchNormWithoutStatisticsGradient : public BatchNorm {
public:
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override {
        forward_eval_backward(x, y, dy, dx);
    }
    void forward_eval_backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor* dx) {
        Tensor sums(Shape::column(2 * x.rows()), x.dtype());
        batchnorm_backward(dy, x, gamma().value, mean(), inv_std(), {1, x.rows(), x.cols()},
                           false, dx, gamma().grad, beta().grad, sums);
    }
};
}  // namespace

TEST(LayerGradCheck, CatchesBatchStatisticsTreatedAsConstants) {
    BatchNormWithoutStatisticsGradient bn;
    const GradCheckResult r = gradcheck_layer(bn, Shape::matrix(4, 6), 3, Pass{true});
    EXPECT_LE(r.slot("layer.gamma").rel_error, kGradTol);
    EXPECT_GT(r.slot("input").rel_error, 1e-2);
}

// --- CPU vs CUDA ------------------------------------------------------------------------------
// Tolerances: each statistic sums N ≤ 4·65 float32 terms, whose rounding in another order
// differs by about √N·6e-8 ≈ 1e-6 relative; y and dx then combine O(1) terms, so 1e-4 (floor
// 1e-2) leaves a wide margin while a wrong element (off by O(1)) fails.

namespace {

struct BnRun {
    Tensor Y, mean, inv_std, rm, rv, dX, dgamma, dbeta, sums;
};

BnRun run_kernels(const ChannelView& v, bool training, Device dev, uint64_t seed) {
    Rng rng(seed);
    const Shape xs = Shape::matrix(v.numel() / v.outer, v.outer);
    const Shape cs = Shape::column(v.channels);
    Tensor X = test::randn(xs, rng, 2.0), dY = test::randn(xs, rng);
    Tensor g = test::randn(cs, rng, 0.5), b = test::randn(cs, rng, 0.5);
    Tensor rm = test::randn(cs, rng, 0.3), rv = Tensor::full(cs, 1.7);
    BnRun r;
    r.Y = test::poisoned(xs, dev);
    r.mean = test::poisoned(cs, dev);
    r.inv_std = test::poisoned(cs, dev);
    r.rm = rm.to(dev);
    r.rv = rv.to(dev);
    r.dX = test::poisoned(xs, dev);
    r.dgamma = Tensor::full(cs, 0.25, DType::F32, dev);  // gradients add to what is there
    r.dbeta = Tensor::full(cs, -0.5, DType::F32, dev);
    r.sums = test::poisoned(Shape::column(2 * v.channels), dev);
    const Tensor Xd = X.to(dev), gd = g.to(dev), bd = b.to(dev), dYd = dY.to(dev);
    BatchNormSettings s;
    s.training = training;
    batchnorm_forward(Xd, gd, bd, v, s, r.Y, r.mean, r.inv_std, r.rm, r.rv);
    batchnorm_backward(dYd, Xd, gd, r.mean, r.inv_std, v, training, &r.dX, r.dgamma, r.dbeta,
                       r.sums);
    return r;
}

void expect_parity(const ChannelView& v, bool training) {
    for (uint64_t seed : {1, 2}) {
        const BnRun c = run_kernels(v, training, Device::CPU, seed);
        const BnRun g = run_kernels(v, training, Device::CUDA, seed);
        SCOPED_TRACE(testing::Message() << "inner " << v.inner << ", channels " << v.channels
                                        << ", outer " << v.outer << (training ? " training" : " eval")
                                        << ", seed " << seed);
        DL_EXPECT_CLOSE(g.Y, c.Y, 1e-4, 1e-2);
        DL_EXPECT_CLOSE(g.mean, c.mean, 1e-4, 1e-2);
        DL_EXPECT_CLOSE(g.inv_std, c.inv_std, 1e-4, 1e-2);
        DL_EXPECT_CLOSE(g.rm, c.rm, 1e-4, 1e-2);
        DL_EXPECT_CLOSE(g.rv, c.rv, 1e-4, 1e-2);
        DL_EXPECT_CLOSE(g.dX, c.dX, 1e-4, 1e-2);
        DL_EXPECT_CLOSE(g.dgamma, c.dgamma, 1e-4, 1e-2);
        DL_EXPECT_CLOSE(g.dbeta, c.dbeta, 1e-4, 1e-2);
        DL_EXPECT_CLOSE(g.sums, c.sums, 1e-4, 1e-2);
    }
}

}  // namespace

TEST(BatchNormCuda, KernelsMatchTheCpuOnOddViews) {
    DL_REQUIRE_CUDA();
    for (const ChannelView v : {ChannelView{1, 7, 13}, ChannelView{1, 300, 1},
                                ChannelView{15, 4, 3}, ChannelView{784, 3, 65},
                                ChannelView{1, 1, 1}})
        for (bool training : {true, false}) expect_parity(v, training);
}

TEST(BatchNormCuda, LayersMatchTheCpu) {
    DL_REQUIRE_CUDA();
    for (bool two_d : {false, true}) {
        const Shape in = two_d ? Shape::images(5, 3, 7, 6) : Shape::matrix(11, 9);
        std::vector<std::vector<double>> out[2];
        for (Device dev : {Device::CPU, Device::CUDA}) {
            std::unique_ptr<BatchNormBase> bn;
            if (two_d)
                bn = std::make_unique<BatchNorm2d>();
            else
                bn = std::make_unique<BatchNorm>();
            ParamStore ps;
            build(*bn, in, ps, {dev, DType::F32});
            Rng rng(9);
            const Tensor x = test::randn(in, rng).to(dev), dy = test::randn(in, rng).to(dev);
            Tensor y = test::poisoned(in, dev), dx = test::poisoned(in, dev);
            ps.zero_grad();
            bn->forward(x, y, Pass{true});
            bn->backward(x, y, dy, &dx);
            Tensor ye = test::poisoned(in, dev);
            bn->forward(x, ye, Pass{false});
            out[dev == Device::CUDA] = {y.values(), dx.values(), ps.grads().values(),
                                        ps.buffer_values().values(), ye.values()};
        }
        for (std::size_t k = 0; k < out[0].size(); ++k) {
            const Tensor a = Tensor::from_values(Shape::row(out[0][k].size()), out[0][k], DType::F64);
            const Tensor b = Tensor::from_values(Shape::row(out[1][k].size()), out[1][k], DType::F64);
            DL_EXPECT_CLOSE(b, a, 1e-4, 1e-2);
        }
    }
}
