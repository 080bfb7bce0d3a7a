// common/nn: the dense layer, the L-layer network and its gradient check, initialisation,
// optimizers, saving/loading parameters, and the mini-batch training loop.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "data/dataset.hpp"
#include "data/image_dataset.hpp"
#include "io/atomic_file.hpp"
#include "nn/dense.hpp"
#include "nn/gradcheck.hpp"
#include "nn/init.hpp"
#include "nn/mlp.hpp"
#include "nn/optimizer.hpp"
#include "nn/params_io.hpp"
#include "nn/train.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::nn;

namespace {
std::string temp_dir() {
    auto dir = std::filesystem::temp_directory_path() / ("dl_nn_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir.string();
}
bool message_has(const std::function<void()>& f, const std::string& part) {
    try {
        f();
    } catch (const Error& e) {
        if (std::string(e.what()).find(part) != std::string::npos) return true;
        ADD_FAILURE() << "message '" << e.what() << "' lacks '" << part << "'";
        return false;
    }
    ADD_FAILURE() << "no dl::Error thrown";
    return false;
}
}  // namespace

TEST(Dense, ForwardAndBackwardHandComputed) {
    Tensor W = Tensor::from_values(Shape::matrix(2, 2), {1, 0, 0, 2});   // [1 0; 0 2]
    Tensor b = Tensor::from_values(Shape::column(2), {1, -1});
    Tensor A = Tensor::from_values(Shape::matrix(2, 2), {1, 3, 2, 4});   // [1 2; 3 4]
    Tensor Z(Shape::matrix(2, 2));
    dense_forward(W, b, A, Z);
    EXPECT_EQ(Z.values(), (std::vector<double>{2, 5, 3, 7}));  // [2 3; 5 7]
    Tensor dZ = Tensor::from_values(Shape::matrix(2, 2), {1, 2, -1, 0});
    Tensor dW(W.shape()), db(b.shape()), dA(A.shape());
    dense_backward(dZ, A, W, dW, db, &dA);
    EXPECT_EQ(dW.values(), (std::vector<double>{-0.5, 1, -0.5, 3}));
    EXPECT_EQ(db.values(), (std::vector<double>{0, 1}));
    EXPECT_EQ(dA.values(), (std::vector<double>{1, 4, -1, 0}));
}

class MlpGradCheck : public ::testing::TestWithParam<Activation> {};

TEST_P(MlpGradCheck, BackwardMatchesTwoSidedDifferences) {
    Rng rng(7);
    Mlp net({4, 5, 4, 3}, GetParam(), Device::CPU, DType::F64, 6);
    net.init(Init::Xavier, rng);
    for (int l = 1; l <= net.num_layers(); ++l) rng.fill_normal(net.b(l), 0, 0.1);
    Tensor X(Shape::matrix(4, 6), DType::F64);
    rng.fill_normal(X);
    const Tensor Y1 = one_hot({0, 2, 1, 1, 0, 2}, 3);
    Tensor Y(Shape::matrix(3, 6), DType::F64);
    Y.copy_from(Tensor::from_values(Y.shape(), Y1.values(), DType::F64));
    const GradCheckResult r = gradient_check(net, X, Y);
    ASSERT_EQ(r.layers.size(), 3u);
    for (const auto& l : r.layers) EXPECT_LE(l.rel_error, 1e-7) << "layer " << l.layer;
}
INSTANTIATE_TEST_SUITE_P(Activations, MlpGradCheck,
                         ::testing::Values(Activation::ReLU, Activation::Tanh, Activation::Sigmoid,
                                           Activation::LeakyReLU));

namespace {
void broken_relu_backward(const Tensor& dA, const Tensor&, Tensor& dZ) { dZ.copy_from(dA); }
}  // namespace

TEST(MlpGradCheckBroken, AMissingDerivativeFailsTheCheck) {
    Rng rng(3);
    Mlp net({3, 4, 4, 2}, Activation::ReLU, Device::CPU, DType::F64, 5);
    net.init(Init::He, rng);
    DenseOps ops;
    ops.relu_backward = &broken_relu_backward;
    net.set_ops(ops);
    Tensor X(Shape::matrix(3, 5), DType::F64);
    rng.fill_normal(X);
    Tensor Y(Shape::matrix(2, 5), DType::F64);
    Y.copy_from(Tensor::from_values(Y.shape(), one_hot({0, 1, 1, 0, 1}, 2).values(), DType::F64));
    const GradCheckResult r = gradient_check(net, X, Y);
    EXPECT_GT(r.layers[0].rel_error, 1e-3);
    EXPECT_LE(r.layers[2].rel_error, 1e-7);  // the output layer has no ReLU behind it
    EXPECT_GT(r.max_rel_error, 1e-3);
}

TEST(Mlp, ShapesAndMessages) {
    Mlp net({3, 5, 2}, Activation::Tanh);
    EXPECT_EQ(net.num_parameters(), 3 * 5 + 5 + 5 * 2 + 2);
    EXPECT_EQ(net.describe(), "3-5-2 tanh");
    Tensor X(Shape::matrix(4, 2));
    EXPECT_TRUE(message_has([&] { net.forward(X); }, "must have 3 rows"));
    EXPECT_THROW(Mlp({3}, Activation::ReLU), Error);
    // A batch larger than the buffers grows them (outside the training loop).
    Tensor big = Tensor::zeros(Shape::matrix(3, 100));
    EXPECT_EQ(net.forward(big).cols(), 100);
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

TEST(Optimizers, EachLowersTheCostOfASmallProblem) {
    for (auto kind : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam}) {
        Rng rng(2);
        Mlp net({2, 8, 2}, Activation::Tanh, Device::CPU, DType::F32, 40);
        net.init(Init::Xavier, rng);
        Tensor X(Shape::matrix(2, 40));
        rng.fill_normal(X);
        std::vector<int> y;
        for (double v : X.slice_cols(0, 40).values()) (void)v;
        const auto x = X.values();
        for (int j = 0; j < 40; ++j) y.push_back(x[2 * j] * x[2 * j + 1] > 0 ? 1 : 0);  // XOR-like
        const Tensor Y = one_hot(y, 2);
        auto opt = make_optimizer(kind, net.params(), kind == OptimizerKind::Adam ? 0.02 : 0.5);
        const double J0 = cost(net, X, Y);
        for (int i = 0; i < 300; ++i) {
            net.forward_backward(X, Y);
            opt->step();
        }
        EXPECT_LT(cost(net, X, Y), 0.5 * J0) << optimizer_name(kind);
        EXPECT_EQ(opt->steps(), 300);
    }
}

TEST(ParamsIo, SaveLoadRoundTripAndRefusals) {
    const std::string dir = temp_dir();
    const std::string path = join_path(dir, "model.bin");
    std::filesystem::remove(path);
    Rng rng(5);
    Mlp a({4, 3, 2}, Activation::ReLU);
    a.init(Init::He, rng);
    rng.fill_normal(a.b(1));
    save_params(path, a.params(), a.describe(), false);
    EXPECT_TRUE(message_has([&] { save_params(path, a.params(), a.describe(), false); }, "--force"));
    save_params(path, a.params(), a.describe(), true);  // allowed with overwrite
    Mlp b({4, 3, 2}, Activation::ReLU);
    load_params(path, b.params());
    EXPECT_EQ(b.W(1).values(), a.W(1).values());
    EXPECT_EQ(b.b(1).values(), a.b(1).values());
    EXPECT_EQ(b.W(2).values(), a.W(2).values());
    // The header is the documented text.
    const std::string bytes = read_file(path);
    EXPECT_EQ(bytes.rfind("dlcourse-params 1\nmodel 4-3-2 relu\ntensors 4\nW1 float32 3 4\n", 0), 0u);

    Mlp wrong({4, 5, 2}, Activation::ReLU);
    EXPECT_TRUE(message_has([&] { load_params(path, wrong.params()); }, "W1 is [3 x 4] in the file"));
    Mlp deeper({4, 3, 3, 2}, Activation::ReLU);
    EXPECT_TRUE(message_has([&] { load_params(path, deeper.params()); }, "holds 4 tensors"));
    write_file_atomic(path, bytes.substr(0, bytes.size() - 3));
    EXPECT_TRUE(message_has([&] { load_params(path, b.params()); }, "truncated"));
    write_file_atomic(path, "hello\n");
    EXPECT_TRUE(message_has([&] { load_params(path, b.params()); }, "not a parameter file"));
    EXPECT_TRUE(message_has([&] { load_params(join_path(dir, "none.bin"), b.params()); }, "cannot read"));
    std::filesystem::remove_all(dir);
}

namespace {
/// Two classes of 4-pixel "images": bright on the left or on the right.
ImageDataset tiny_images(int count) {
    ImageDataset d;
    d.name = "tiny";
    d.height = 2;
    d.width = 2;
    d.classes = 2;
    d.class_names = {"left", "right"};
    Rng rng(9);
    for (int j = 0; j < count; ++j) {
        const int c = j % 2;
        for (int p = 0; p < 4; ++p)
            d.pixels.push_back(uint8_t((p % 2 == c ? 200 : 20) + rng.below(40)));
        d.labels.push_back(c);
    }
    return d;
}
}  // namespace

TEST(ImageTrainer, LearnsASimpleTaskAndEvaluates) {
    ImageDataset d = tiny_images(200);
    Rng rng(1);
    ImageDataset val = take_validation(d, 0.1, rng);
    EXPECT_EQ(val.count(), 20);
    EXPECT_EQ(d.count(), 180);
    Mlp net({4, 8, 2}, Activation::ReLU, Device::CPU, DType::F32, 16);
    net.init(Init::He, rng);
    auto opt = make_optimizer(OptimizerKind::Adam, net.params(), 0.05);
    const DeviceImages dd = to_device(d, Device::CPU), dv = to_device(val, Device::CPU);
    ImageTrainer trainer(net, *opt, dd, 16);
    EpochResult last;
    for (int e = 1; e <= 5; ++e) last = trainer.train_epoch(rng, e, 5, false);
    EXPECT_EQ(last.steps, 12);  // ceil(180 / 16)
    const EvalResult ev = trainer.evaluate(dv, true);
    EXPECT_EQ(ev.accuracy, 1.0);
    EXPECT_EQ(ev.predictions.size(), 20u);
}

TEST(ImageTrainer, DivergingLossStopsWithEpochStepAndLearningRate) {
    ImageDataset d = tiny_images(64);
    Rng rng(1);
    Mlp net({4, 8, 8, 2}, Activation::ReLU, Device::CPU, DType::F32, 8);
    net.init(Init::He, rng);
    auto opt = make_optimizer(OptimizerKind::SGD, net.params(), 1e30);
    const DeviceImages dd = to_device(d, Device::CPU);
    ImageTrainer trainer(net, *opt, dd, 8);
    EXPECT_TRUE(message_has([&] {
        for (int e = 1; e <= 3; ++e) trainer.train_epoch(rng, e, 3, false);
    }, "learning rate"));
    try {
        Mlp net2({4, 8, 8, 2}, Activation::ReLU, Device::CPU, DType::F32, 8);
        net2.init(Init::He, rng);
        auto opt2 = make_optimizer(OptimizerKind::SGD, net2.params(), 1e30);
        ImageTrainer t2(net2, *opt2, dd, 8);
        t2.train_epoch(rng, 1, 1, false);
        t2.train_epoch(rng, 2, 2, false);
        FAIL() << "no divergence detected";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("at epoch 1, step "), std::string::npos) << m;
    }
}
