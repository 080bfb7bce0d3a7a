// common/nn layers: hand-computed forward and backward values, a float64 gradient check of every
// layer type (relative error ≤ 1e-7, the lecture's threshold), the losses, and model building.
#include <cmath>

#include "core/eigen_view.hpp"
#include "nn/activation_layer.hpp"
#include "nn/dense.hpp"
#include "nn/flatten.hpp"
#include "nn/gradcheck.hpp"
#include "nn/loss.hpp"
#include "nn/mlp.hpp"
#include "nn/model.hpp"
#include "nn/residual.hpp"
#include "nn/sequential.hpp"
#include "nn_test_util.hpp"

using namespace dl;
using namespace dl::nn;
using dl::test::message_has;

namespace {

constexpr double kGradTol = 1e-7;  // the lecture's "right" reading (gradcheck.hpp)

/// Builds one layer on its own (its parameters in `ps`) for inputs of shape `in`.
void build(Layer& l, const Shape& in, ParamStore& ps, const Context& ctx = {}) {
    if (l.name().empty()) l.set_name("layer");
    l.declare(in, ps);
    ps.allocate(ctx);
    l.reserve(in, ctx);
}

void expect_gradcheck(Layer& l, const Shape& in, uint64_t seed = 3) {
    const GradCheckResult r = gradcheck_layer(l, in, seed);
    for (const auto& s : r.slots)
        EXPECT_LE(s.rel_error, kGradTol) << l.describe() << ": " << s.name << " (" << s.count
                                         << " elements)";
    EXPECT_FALSE(r.slots.empty());
}

}  // namespace

// The lecture's example of exercises/ch04.hpp, with the framework's gradient convention: the
// per-sample dZ = [1 −1; 2 0] of m = 2 samples arrives as ∂J/∂Z = dZ/2.
TEST(Dense, ForwardAndBackwardHandComputed) {
    Dense d(2);
    ParamStore ps;
    build(d, Shape::matrix(2, 2), ps);
    d.W().value.copy_from(Tensor::from_values(Shape::matrix(2, 2), {1, 0, 0, 2}));  // [1 0; 0 2]
    d.b().value.copy_from(Tensor::from_values(Shape::column(2), {1, -1}));
    const Tensor A = Tensor::from_values(Shape::matrix(2, 2), {1, 3, 2, 4});        // [1 2; 3 4]
    Tensor Z(Shape::matrix(2, 2));
    d.forward(A, Z, {});
    EXPECT_EQ(Z.values(), (std::vector<double>{2, 5, 3, 7}));  // W·A + b = [2 3; 5 7]
    const Tensor dZ = Tensor::from_values(Shape::matrix(2, 2), {0.5, 1, -0.5, 0});  // [1 −1; 2 0]/2
    Tensor dA(A.shape());
    ps.zero_grad();
    d.backward(A, Z, dZ, &dA);
    EXPECT_EQ(d.W().grad.values(), (std::vector<double>{-0.5, 1, -0.5, 3}));  // dZ·Aᵀ
    EXPECT_EQ(d.b().grad.values(), (std::vector<double>{0, 1}));              // Σ_j dZ(:, j)
    EXPECT_EQ(dA.values(), (std::vector<double>{0.5, 2, -0.5, 0}));           // Wᵀ·dZ
    // Gradients add up: a second backward pass doubles them (a weight used twice in a step).
    d.backward(A, Z, dZ, nullptr);
    EXPECT_EQ(d.W().grad.values(), (std::vector<double>{-1, 2, -1, 6}));
    EXPECT_EQ(d.b().grad.values(), (std::vector<double>{0, 2}));
}

// float64 stays float64: dW at m = 33 (1/33 is not exact in binary) against Eigen in double.
TEST(Dense, Float64BackwardAtAnOddBatchIsExactToRounding) {
    Dense d(4);
    ParamStore ps;
    const Context f64{Device::CPU, DType::F64};
    build(d, Shape::matrix(5, 33), ps, f64);
    Rng rng(11);
    ps.initialize(rng);
    const Tensor x = test::randn(Shape::matrix(5, 33), rng, 1.0, DType::F64);
    Tensor y(Shape::matrix(4, 33), DType::F64), dx(x.shape(), DType::F64);
    d.forward(x, y, {});
    Tensor dy = test::randn(y.shape(), rng, 1.0, DType::F64);
    ps.zero_grad();
    d.backward(x, y, dy, &dx);
    const MatrixD want = mat<double>(dy) * mat<double>(x).transpose();
    const MatrixD got = mat<double>(d.W().grad);
    EXPECT_LT((got - want).cwiseAbs().maxCoeff(), 1e-14 * want.cwiseAbs().maxCoeff());
}

TEST(LayerGradCheck, Dense) {
    Dense d(4);
    expect_gradcheck(d, Shape::matrix(5, 7));
}

TEST(LayerGradCheck, DenseOnAnImageBatch) {
    Dense d(3);
    expect_gradcheck(d, Shape::images(4, 2, 3, 3));  // 4 images of 2×3×3 as 18-vectors
}

TEST(LayerGradCheck, EveryActivation) {
    for (Activation g : {Activation::Identity, Activation::Sigmoid, Activation::Tanh,
                         Activation::ReLU, Activation::LeakyReLU}) {
        ActivationLayer a(g, 0.1);
        expect_gradcheck(a, Shape::matrix(6, 5));
    }
}

TEST(LayerGradCheck, Flatten) {
    Flatten f;
    expect_gradcheck(f, Shape::images(3, 2, 2, 3));
}

TEST(LayerGradCheck, SequentialOfDenseTanhDense) {
    Sequential s;
    s.add<Dense>(6);
    s.add<ActivationLayer>(Activation::Tanh);
    s.add<Dense>(3);
    expect_gradcheck(s, Shape::matrix(4, 9));
}

TEST(LayerGradCheck, ResidualWithIdentityShortcut) {
    auto body = std::make_unique<Sequential>();
    body->add<Dense>(5);
    body->add<ActivationLayer>(Activation::Tanh);
    body->add<Dense>(5);
    Residual r(std::move(body));
    expect_gradcheck(r, Shape::matrix(5, 6));
}

TEST(LayerGradCheck, ResidualWithProjectionShortcut) {
    auto body = std::make_unique<Sequential>();
    body->add<Dense>(7);
    body->add<ActivationLayer>(Activation::Sigmoid);
    Residual r(std::move(body), std::make_unique<Dense>(7));
    expect_gradcheck(r, Shape::matrix(4, 6));
}

// A gradient check that cannot fail is no check: a Dense layer whose backward forgets the
// bias (db stays 0) must be caught.
namespace {
class DenseWithoutBiasGradient : public Dense {
public:
    using Dense::Dense;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override {
        Dense::backward(x, y, dy, dx);
        b().grad.fill(0.0);
    }
};
}  // namespace

TEST(LayerGradCheck, CatchesAMissingGradient) {
    DenseWithoutBiasGradient d(3);
    const GradCheckResult r = gradcheck_layer(d, Shape::matrix(4, 5), 3);
    EXPECT_LE(r.slot("layer.W").rel_error, kGradTol);
    EXPECT_GT(r.slot("layer.b").rel_error, 0.5);  // ‖approx‖ / (‖approx‖ + 0) = 1
    EXPECT_GT(r.max_rel_error, 1e-3);
}

// Hand-computed losses, m = 2 samples.
TEST(Loss, SoftmaxCrossEntropyHandComputed) {
    SoftmaxCrossEntropy loss;
    loss.reserve(Shape::matrix(3, 2), {});
    // Column 0: z = (1, 2, 3), target class 2: L = log(e + e² + e³) − 3 = 0.40760596.
    // Column 1: z = (0, 0, 0), target class 0: L = log 3 = 1.09861229.
    const Tensor Z = Tensor::from_values(Shape::matrix(3, 2), {1, 2, 3, 0, 0, 0});
    const Tensor Y = Tensor::from_values(Shape::matrix(3, 2), {0, 0, 1, 1, 0, 0});
    loss.forward(Z, Y);
    EXPECT_NEAR(loss.L().at(0, 0), 0.40760596, 1e-6);
    EXPECT_NEAR(loss.L().at(0, 1), 1.09861229, 1e-6);
    EXPECT_NEAR(loss.cost(), (0.40760596 + 1.09861229) / 2, 1e-6);
    // dZ = (A − Y)/m: column 1 is (1/3 − 1, 1/3, 1/3)/2.
    EXPECT_NEAR(loss.dZ().at(0, 1), (1.0 / 3 - 1) / 2, 1e-7);
    EXPECT_NEAR(loss.dZ().at(1, 1), (1.0 / 3) / 2, 1e-7);
    EXPECT_NEAR(loss.A().at(2, 0), std::exp(3.0) / (std::exp(1.0) + std::exp(2.0) + std::exp(3.0)),
                1e-7);
}

TEST(Loss, BinaryCrossEntropyHandComputed) {
    BinaryCrossEntropy loss;
    loss.reserve(Shape::matrix(1, 2), {});
    // z = 0, y = 1: L = log 2, dZ = (½ − 1)/2; z = 1000, y = 0: L = 1000 (finite), dZ = ½.
    loss.forward(Tensor::from_values(Shape::matrix(1, 2), {0, 1000}),
                 Tensor::from_values(Shape::matrix(1, 2), {1, 0}));
    EXPECT_NEAR(loss.L().at(0, 0), std::log(2.0), 1e-6);
    EXPECT_NEAR(loss.L().at(0, 1), 1000.0, 1e-3);
    EXPECT_NEAR(loss.dZ().at(0, 0), -0.25, 1e-7);
    EXPECT_NEAR(loss.dZ().at(0, 1), 0.5, 1e-7);
    // Several outputs per sample: the losses of a sample are summed.
    BinaryCrossEntropy multi;
    multi.reserve(Shape::matrix(2, 1), {});
    multi.forward(Tensor::from_values(Shape::matrix(2, 1), {0, 0}),
                  Tensor::from_values(Shape::matrix(2, 1), {1, 0}));
    EXPECT_NEAR(multi.L().at(0, 0), 2 * std::log(2.0), 1e-6);
}

TEST(Loss, MeanSquaredErrorHandComputed) {
    MeanSquaredError loss;
    loss.reserve(Shape::matrix(2, 2), {});
    // Sample 0: Z = (1, 2), Y = (0, 4): L = 1 + 4 = 5; sample 1: Z = Y: L = 0.
    loss.forward(Tensor::from_values(Shape::matrix(2, 2), {1, 2, 3, 3}),
                 Tensor::from_values(Shape::matrix(2, 2), {0, 4, 3, 3}));
    EXPECT_EQ(loss.L().values(), (std::vector<double>{5, 0}));
    EXPECT_EQ(loss.dZ().values(), (std::vector<double>{1, -2, 0, 0}));  // 2(Z − Y)/2
    EXPECT_FALSE(loss.has_accuracy());
    EXPECT_THROW(make_loss("hinge"), UsageError);
}

// Each loss through a model: the gradient of the cost J = (1/m)·Σ L, float64.
TEST(LossGradCheck, EveryLossThroughADenseModel) {
    for (const std::string name : {"softmax_cross_entropy", "binary_cross_entropy", "mse"}) {
        auto net = std::make_unique<Sequential>();
        net->add<Dense>(4);
        Model model(std::move(net), Shape::matrix(3, 1), 5, {Device::CPU, DType::F64});
        Rng rng(21);
        model.initialize(rng);
        const Tensor X = test::randn(Shape::matrix(3, 5), rng, 1.0, DType::F64);
        std::vector<double> y(20);
        for (int j = 0; j < 5; ++j)
            for (int k = 0; k < 4; ++k)
                y[j * 4 + k] = name == "mse" ? rng.normal() : name == "binary_cross_entropy"
                                                                 ? double(rng.below(2))
                                                                 : (k == j % 4 ? 1.0 : 0.0);
        const Tensor Y = Tensor::from_values(Shape::matrix(4, 5), y, DType::F64);
        auto loss = make_loss(name);
        const GradCheckResult r = gradient_check(model, *loss, X, Y);
        EXPECT_LE(r.max_rel_error, kGradTol) << name;
    }
}

TEST(MlpGradCheck, DeepNetworksOfEveryActivation) {
    for (Activation g : {Activation::Sigmoid, Activation::Tanh, Activation::ReLU}) {
        auto model = make_mlp_model({5, 6, 5, 4, 3}, g, Init::He, 8, {Device::CPU, DType::F64});
        Rng rng(7);
        model->initialize(rng);
        for (const auto& p : model->params().params())  // non-zero biases: db is tested too
            if (!p->decay) rng.fill_normal(p->value, 0.0, 0.1);
        const Tensor X = test::randn(Shape::matrix(5, 8), rng, 1.0, DType::F64);
        std::vector<int> y(8);
        for (int& c : y) c = int(rng.below(3));
        Tensor Y(Shape::matrix(3, 8), DType::F64);
        Y.fill(0.0);
        for (int j = 0; j < 8; ++j) mat<double>(Y)(y[j], j) = 1.0;
        SoftmaxCrossEntropy loss;
        const GradCheckResult r = gradient_check(*model, loss, X, Y);
        ASSERT_EQ(r.slots.size(), 8u);  // W and b of 4 layers
        EXPECT_LE(r.max_rel_error, kGradTol) << activation_name(g);
    }
}

TEST(Model, NamesShapesSummaryAndMessages) {
    auto net = std::make_unique<Sequential>();
    net->add<Dense>(5);
    net->add<ActivationLayer>(Activation::ReLU);
    auto body = std::make_unique<Sequential>();
    body->add<Dense>(5);
    body->add<ActivationLayer>(Activation::Tanh);
    net->add<Residual>(std::move(body)).set_name("block");
    net->add<Dense>(2);
    Model model(std::move(net), Shape::matrix(3, 1), 10);
    EXPECT_NO_THROW(model.layer("dense1"));
    EXPECT_NO_THROW(model.layer("relu1"));
    EXPECT_NO_THROW(model.layer("block.body.dense1"));
    EXPECT_NO_THROW(model.layer("block.body.tanh1"));
    EXPECT_NO_THROW(model.layer("dense2"));
    EXPECT_TRUE(message_has([&] { model.layer("conv1"); }, "has no layer called 'conv1'"));
    EXPECT_EQ(model.num_parameters(), (3 * 5 + 5) + (5 * 5 + 5) + (5 * 2 + 2));
    EXPECT_EQ(model.describe(), "3-5-5-2");
    EXPECT_NO_THROW(model.params().param("block.body.dense1.W"));
    const std::string s = model.summary();
    EXPECT_NE(s.find("block.body.dense1"), std::string::npos) << s;
    EXPECT_NE(s.find("total: 62 trainable parameters"), std::string::npos) << s;
    EXPECT_EQ(model.output_shape(7), Shape::matrix(2, 7));
    Tensor wide(Shape::matrix(4, 2)), big(Shape::matrix(3, 11));
    EXPECT_TRUE(message_has([&] { model.forward(wide, {}); }, "expected inputs like [3 x 2]"));
    EXPECT_TRUE(message_has([&] { model.forward(big, {}); }, "a batch of 11 samples"));
    Tensor f64(Shape::matrix(3, 2), DType::F64);
    EXPECT_TRUE(message_has([&] { model.forward(f64, {}); }, "inputs must be float32"));
    EXPECT_TRUE(message_has([&] { model.backward(Tensor(Shape::matrix(2, 2))); },
                            "backward before forward"));
}

TEST(Model, ShapeMismatchesAreNamed) {
    // An identity shortcut around a body that changes the width cannot be added.
    auto body = std::make_unique<Sequential>();
    body->add<Dense>(4);
    auto net = std::make_unique<Sequential>();
    net->add<Residual>(std::move(body));
    EXPECT_TRUE(message_has([&] { Model(std::move(net), Shape::matrix(3, 1), 2); },
                            "add a projection shortcut"));
    EXPECT_TRUE(message_has([&] { Dense(0); }, "must be > 0"));
    EXPECT_TRUE(message_has([&] { make_mlp({3}, Activation::ReLU); }, "at least an input"));
}

TEST(Init, StandardDeviationsFollowTheFanIn) {
    EXPECT_DOUBLE_EQ(init_stddev(Init::He, 50), std::sqrt(2.0 / 50));
    EXPECT_DOUBLE_EQ(init_stddev(Init::Xavier, 50), std::sqrt(1.0 / 50));
    EXPECT_DOUBLE_EQ(init_stddev(Init::Small, 50), 0.01);
    Rng rng(1);
    Tensor W(Shape::matrix(100, 400));
    init_weights(W, Init::He, rng);
    double s2 = 0;
    for (double w : W.values()) s2 += w * w;
    EXPECT_NEAR(std::sqrt(s2 / W.numel()), std::sqrt(2.0 / 400), 0.002);
    init_weights(W, Init::Zeros, rng);
    for (double w : W.values()) ASSERT_EQ(w, 0.0);
    EXPECT_THROW(parse_init("glorot"), UsageError);
}
