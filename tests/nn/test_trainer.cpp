// common/nn: the Trainer (learning, divergence, early stopping), checkpoints that resume a run
// bit for bit, and the proof that a training step allocates nothing.
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/eigen_view.hpp"
#include "core/memory.hpp"
#include "io/atomic_file.hpp"
#include "nn/checkpoint.hpp"
#include "nn/dense.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"
#include "nn_test_util.hpp"

using namespace dl;
using namespace dl::nn;
using dl::test::message_has;

// Counting every heap allocation of the process: malloc and its relatives are replaced here
// (the executable's definitions come first in symbol lookup, so the C++ runtime, Eigen and
// OpenMP call these too) and hand over to glibc's own. Address sanitizer replaces the same
// functions, so the sanitizer build counts only the course's own allocations (device_alloc).
#if !defined(__SANITIZE_ADDRESS__)
#define DL_COUNT_MALLOC 1
namespace {
std::atomic<long> g_mallocs{0};
}
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void* malloc(size_t n) {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(n);
}
void* calloc(size_t n, size_t s) {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(n, s);
}
void* realloc(void* p, size_t n) {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(p, n);
}
void* aligned_alloc(size_t a, size_t n) {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    return __libc_memalign(a, n);
}
int posix_memalign(void** p, size_t a, size_t n) {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    *p = __libc_memalign(a, n);
    return *p ? 0 : 12;  // ENOMEM
}
}
#endif

namespace {

struct TinyRun {
    ImageDataset train = test::tiny_images(180), val = test::tiny_images(20, 10);
    DeviceImages dtrain = to_device(train, Device::CPU), dval = to_device(val, Device::CPU);
    ImageSource train_src{dtrain, 2, 2}, val_src{dval, 2, 2};
    std::unique_ptr<Model> model;
    SoftmaxCrossEntropy loss;
    std::unique_ptr<Optimizer> opt;
    std::unique_ptr<Trainer> trainer;

    explicit TinyRun(uint64_t init_seed, OptimizerKind kind = OptimizerKind::Adam, double lr = 0.05,
                   int64_t batch = 16) {
        model = make_mlp_model({4, 8, 2}, Activation::ReLU, Init::He, batch);
        Rng rng(init_seed);
        model->initialize(rng);
        opt = make_optimizer(kind, model->params(), lr);
        TrainOptions o;
        o.batch = batch;
        o.seed = 77;
        trainer = std::make_unique<Trainer>(*model, loss, *opt, train_src, o);
    }
};

}  // namespace

TEST(Trainer, LearnsASimpleTaskAndEvaluates) {
    TinyRun s(1);
    const auto& h = s.trainer->fit(5, &s.val_src);
    ASSERT_EQ(h.size(), 5u);
    EXPECT_EQ(h.back().steps, 12);  // ceil(180 / 16)
    EXPECT_EQ(h.back().epoch, 5);
    EXPECT_LT(h.back().train_loss, h.front().train_loss);
    EXPECT_EQ(h.back().val_accuracy, 1.0);
    const EvalResult ev = s.trainer->evaluate(s.val_src, true);
    EXPECT_EQ(ev.accuracy, 1.0);
    ASSERT_EQ(ev.predictions.size(), 20u);
    EXPECT_EQ(ev.predictions[0], 0);
    EXPECT_EQ(ev.predictions[1], 1);
}

TEST(Trainer, RegressionOnATensorSourceWithMse) {
    // y = 2·x₁ − x₂ + 1 from 64 points: a single Dense layer must find it.
    Rng rng(4);
    Tensor X(Shape::matrix(2, 64)), Y(Shape::matrix(1, 64));
    rng.fill_normal(X);
    const auto x = X.values();
    std::vector<double> y(64);
    for (int j = 0; j < 64; ++j) y[j] = 2 * x[2 * j] - x[2 * j + 1] + 1;
    Y.copy_from(Tensor::from_values(Y.shape(), y));
    TensorSource src(X, Y);
    auto net = std::make_unique<Sequential>();
    net->add<Dense>(1, Init::Xavier);
    Model model(std::move(net), Shape::matrix(2, 1), 16);
    model.initialize(rng);
    MeanSquaredError loss;
    Sgd sgd(model.params(), 0.05);
    TrainOptions o;
    o.batch = 16;
    Trainer t(model, loss, sgd, src, o);
    t.fit(60);
    EXPECT_LT(t.history().back().train_loss, 1e-4);
    EXPECT_TRUE(std::isnan(t.history().back().train_accuracy));  // no accuracy for regression
    EXPECT_NEAR(model.params().param("dense1.W").value.at(0, 0), 2.0, 1e-2);
    EXPECT_NEAR(model.params().param("dense1.b").value.at(0, 0), 1.0, 1e-2);
}

TEST(Trainer, DivergingLossStopsWithEpochStepAndLearningRate) {
    TinyRun s(1, OptimizerKind::SGD, 1e30, 8);
    try {
        s.trainer->fit(3);
        FAIL() << "no divergence detected";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("at epoch 1, step "), std::string::npos) << m;
        EXPECT_NE(m.find("learning rate (1e+30)"), std::string::npos) << m;
    }
}

TEST(Trainer, BadSetupsAreNamed) {
    TinyRun s(1);
    TrainOptions big;
    big.batch = 17;
    EXPECT_TRUE(message_has([&] { Trainer(*s.model, s.loss, *s.opt, s.train_src, big); },
                            "batch size 17 is more than the model was built for (16)"));
    TrainOptions o;
    o.batch = 16;
    auto wide = make_mlp_model({5, 3, 2}, Activation::ReLU, Init::He, 16);
    auto opt = make_optimizer(OptimizerKind::SGD, wide->params(), 0.1);
    EXPECT_TRUE(message_has([&] { Trainer(*wide, s.loss, *opt, s.train_src, o); },
                            "the samples have 4 features"));
    ImageDataset empty = test::tiny_images(0);
    DeviceImages de = to_device(empty, Device::CPU);
    ImageSource es(de, 2, 2);
    EXPECT_TRUE(message_has([&] { Trainer(*s.model, s.loss, *s.opt, es, o); },
                            "the training set is empty"));
}

TEST(Trainer, EarlyStoppingKeepsTheBestEpoch) {
    TinyRun s(1);
    ParamStore& ps = s.model->params();
    EarlyStopping stop(ps, 2);
    EpochRecord r;
    const double losses[] = {1.0, 0.5, 0.6, 0.7};
    std::vector<double> best;
    bool go = true;
    for (int e = 1; e <= 4 && go; ++e) {
        Tensor v = ps.values();
        v.fill(double(e));  // the "parameters" of epoch e
        if (e == 2) best = ps.values().values();
        r.epoch = e;
        r.val_loss = losses[e - 1];
        go = stop(r);
        EXPECT_EQ(go, e < 4) << "epoch " << e;
    }
    EXPECT_EQ(stop.best_epoch(), 2);
    EXPECT_EQ(stop.best_loss(), 0.5);
    stop.restore();
    EXPECT_EQ(ps.values().values(), best);
}

// A run interrupted after epoch 1 and resumed from its checkpoint reaches exactly the weights,
// optimizer moments and shuffling of an uninterrupted 3-epoch run.
TEST(Checkpoint, ResumeIsBitForBit) {
    const std::string dir = test::temp_dir("ckpt");
    const std::string path = join_path(dir, "run.ckpt");
    TinyRun whole(1);
    whole.trainer->fit(3);

    TinyRun first(1);
    first.trainer->fit(1);
    first.trainer->save_checkpoint(path, false);

    TinyRun resumed(99);  // other initial weights: everything must come from the file
    resumed.trainer->load_checkpoint(path);
    EXPECT_EQ(resumed.trainer->epoch(), 1);
    EXPECT_EQ(resumed.opt->steps(), 12);
    resumed.trainer->fit(2);
    EXPECT_EQ(resumed.trainer->epoch(), 3);
    EXPECT_EQ(resumed.model->params().values().values(), whole.model->params().values().values());
    auto a = resumed.opt->state(), b = whole.opt->state();
    ASSERT_EQ(a.size(), 2u);
    for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_EQ(a[i].second->values(), b[i].second->values()) << a[i].first;
    EXPECT_EQ(resumed.trainer->history().back().train_loss,
              whole.trainer->history().back().train_loss);
    std::filesystem::remove_all(dir);
}

TEST(Checkpoint, MismatchesAreAllNamedAndFilesAreChecked) {
    const std::string dir = test::temp_dir("ckpt_bad");
    const std::string path = join_path(dir, "run.ckpt");
    TinyRun s(1);
    s.trainer->fit(1);
    s.trainer->save_checkpoint(path, false);
    EXPECT_TRUE(message_has([&] { s.trainer->save_checkpoint(path, false); }, "--force"));
    EXPECT_NO_THROW(s.trainer->save_checkpoint(path, true));

    // Another shape: both mismatching slots are named in one message.
    auto other = make_mlp_model({4, 6, 2}, Activation::ReLU, Init::He, 16);
    auto opt = make_optimizer(OptimizerKind::Adam, other->params(), 0.05);
    try {
        load_checkpoint(path, *other, opt.get());
        FAIL() << "loaded a checkpoint of another model";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("param dense1.W [8 x 4] at 0 where the model has dense1.W [6 x 4]"),
                  std::string::npos) << m;
        EXPECT_NE(m.find("param dense2.W [2 x 8]"), std::string::npos) << m;
    }
    // Another optimizer.
    auto sgd = make_optimizer(OptimizerKind::SGD, s.model->params(), 0.1);
    EXPECT_TRUE(message_has([&] { load_checkpoint(path, *s.model, sgd.get()); },
                            "optimizer adam (this run uses sgd)"));
    const std::string bytes = read_file(path);
    write_file_atomic(path, bytes.substr(0, bytes.size() - 5));
    EXPECT_TRUE(message_has([&] { s.trainer->load_checkpoint(path); }, "truncated"));
    write_file_atomic(path, "dlcourse-params 1\n");
    EXPECT_TRUE(message_has([&] { s.trainer->load_checkpoint(path); }, "is not a checkpoint"));
    // A diverged run's parameters are refused.
    Tensor v = s.model->params().param("dense2.b").value;
    v.fill(std::nan(""));
    s.trainer->save_checkpoint(path, true);
    EXPECT_TRUE(message_has([&] { s.trainer->load_checkpoint(path); }, "non-finite"));
    std::filesystem::remove_all(dir);
}

// After the first epoch (which may grow the thread pool and the library's caches), an epoch of
// 12 steps allocates nothing: not a tensor, not a byte of heap.
TEST(Trainer, AStepAllocatesNothing) {
    TinyRun s(1);
    s.trainer->train_epoch();  // warm-up
    const int64_t tensors = device_alloc_count();
#ifdef DL_COUNT_MALLOC
    const long heap = g_mallocs.load();
#endif
    s.trainer->train_epoch();
    s.trainer->train_epoch();
    EXPECT_EQ(device_alloc_count() - tensors, 0) << "tensors allocated during 24 steps";
#ifdef DL_COUNT_MALLOC
    EXPECT_EQ(g_mallocs.load() - heap, 0) << "heap allocations during 24 steps";
#endif
    // The counters do count: building a tensor is seen by both.
    Tensor t(Shape::matrix(8, 8));
    EXPECT_EQ(device_alloc_count() - tensors, 1);
#ifdef DL_COUNT_MALLOC
    EXPECT_GT(g_mallocs.load() - heap, 0);
#endif
}

// The same at chapter 4's sizes (784-256-128-10, batches of 64, Adam): the course allocates no
// tensor. Here the matrix products are large enough for Eigen's blocked GEMM, which allocates
// its packing buffers on the heap when a block exceeds its stack limit (128 KB); measured: 11
// heap allocations in 4 steps, every one inside Eigen's matrix product. That is Eigen's, outside
// the course's code, so only tensors are asserted here (the heap count is recorded).
TEST(Trainer, AStepOfChapter4sNetworkAllocatesNoTensor) {
    Rng rng(6);
    Tensor X(Shape::matrix(784, 200)), Y = Tensor::zeros(Shape::matrix(10, 200));
    rng.fill_uniform(X, 0.0, 1.0);
    for (int j = 0; j < 200; ++j) mat<float>(Y)(j % 10, j) = 1.0f;
    TensorSource src(X, Y);
    auto model = make_mlp_model({784, 256, 128, 10}, Activation::ReLU, Init::He, 64);
    model->initialize(rng);
    SoftmaxCrossEntropy loss;
    auto opt = make_optimizer(OptimizerKind::Adam, model->params(), 1e-3);
    TrainOptions o;
    o.batch = 64;  // 4 steps, the last of 8 samples
    Trainer t(*model, loss, *opt, src, o);
    t.train_epoch();
    const int64_t tensors = device_alloc_count();
#ifdef DL_COUNT_MALLOC
    const long heap = g_mallocs.load();
#endif
    t.train_epoch();
    EXPECT_EQ(device_alloc_count() - tensors, 0);
#ifdef DL_COUNT_MALLOC
    RecordProperty("heap_allocations_in_4_steps", int(g_mallocs.load() - heap));
#endif
}
