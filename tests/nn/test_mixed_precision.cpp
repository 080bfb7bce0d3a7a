// common/nn mixed precision (chapter 9): the loss scaler's rule and log, the float32 master
// store mirroring the float16 model's layout, skipped steps that leave the master weights
// untouched, and float16 training that reaches float32's accuracy — on the CPU, where the
// 16-bit kernels emulate float16 storage exactly — plus the GPU against the CPU.
#include <cmath>
#include <limits>

#include "core/half.hpp"
#include "kernels/cast.hpp"
#include "nn/loss_scaler.hpp"
#include "nn/mixed_precision.hpp"
#include "nn/mlp.hpp"
#include "nn_test_util.hpp"

using namespace dl;
using namespace dl::nn;
using dl::test::message_has;

namespace {

TEST(LossScaler, DefaultsAreTheIssuesRule) {
    LossScaler s;
    EXPECT_EQ(s.scale(), 65536.0);  // 2^16
    EXPECT_FALSE(s.update(true));   // inf: skipped, halved
    EXPECT_EQ(s.scale(), 32768.0);
    for (int i = 0; i < 1999; ++i) ASSERT_TRUE(s.update(false));
    EXPECT_EQ(s.scale(), 32768.0);  // 1999 clean steps: not yet
    EXPECT_TRUE(s.update(false));
    EXPECT_EQ(s.scale(), 65536.0);  // the 2000th: doubled
    EXPECT_EQ(s.steps(), 2001);
    EXPECT_EQ(s.skipped(), 1);
    EXPECT_EQ(s.growths(), 1);
    ASSERT_EQ(s.events().size(), 2u);
    EXPECT_EQ(s.events()[0].step, 1);
    EXPECT_TRUE(s.events()[0].skipped);
    EXPECT_EQ(s.events()[1].step, 2001);
    EXPECT_NE(s.log().find("step 1: scale 2^16 -> 2^15 (an inf/NaN gradient: update skipped)"),
              std::string::npos) << s.log();
    EXPECT_NE(s.log().find("step 2001: scale 2^15 -> 2^16 (2000 clean steps: grow)"), std::string::npos);
}

TEST(LossScaler, AnInfResetsTheCleanCount) {
    LossScalerOptions o;
    o.growth_interval = 3;
    LossScaler s(o);
    s.update(false), s.update(false), s.update(true);  // 2 clean, then inf: count back to 0
    s.update(false), s.update(false);
    EXPECT_EQ(s.scale(), 32768.0);
    s.update(false);  // the 3rd in a row
    EXPECT_EQ(s.scale(), 65536.0);
}

TEST(LossScaler, RejectsBadOptions) {
    LossScalerOptions o;
    o.backoff_factor = 1.5;
    EXPECT_TRUE(message_has([&] { LossScaler s(o); }, "backoff factor must be in (0, 1), got 1.5"));
    o = {};
    o.init_scale = 0;
    EXPECT_TRUE(message_has([&] { LossScaler s(o); }, "initial scale must be a positive finite"));
    EXPECT_EQ(scale_str(65536.0), "2^16");
    EXPECT_EQ(scale_str(0.5), "2^-1");
}

struct AmpRun {
    ImageDataset train = test::tiny_images(200), test_set = test::tiny_images(60, 4);
    DeviceImages dtrain, dtest;
    std::unique_ptr<ImageSource> train_src, test_src;
    std::unique_ptr<Model> model;
    SoftmaxCrossEntropy loss;
    std::unique_ptr<MixedPrecisionTrainer> trainer;

    AmpRun(DType t, uint64_t seed, LossScalerOptions so = {}, Device dev = Device::CPU,
           OptimizerKind kind = OptimizerKind::Adam) {
        dtrain = to_device(train, dev), dtest = to_device(test_set, dev);
        train_src = std::make_unique<ImageSource>(dtrain, 2, 2);
        test_src = std::make_unique<ImageSource>(dtest, 2, 2);
        model = std::make_unique<Model>(make_mlp({4, 16, 8, 2}, Activation::ReLU), Shape::matrix(4, 1),
                                        20, Context{dev, t});
        TrainOptions o;
        o.batch = 20;
        o.seed = seed;
        trainer = std::make_unique<MixedPrecisionTrainer>(*model, loss, kind, 0.05,
                                                          *train_src, o, so);
        Rng rng(seed);
        trainer->initialize(rng);
    }
};

TEST(MixedPrecision, MasterMirrorsTheModelsLayout) {
    AmpRun r(DType::F16, 1);
    const ParamStore& half = r.model->params();
    const ParamStore& master = r.trainer->master();
    EXPECT_EQ(half.values().dtype(), DType::F16);
    EXPECT_EQ(master.values().dtype(), DType::F32);
    ASSERT_EQ(half.params().size(), master.params().size());
    for (std::size_t i = 0; i < half.params().size(); ++i) {
        EXPECT_EQ(half.params()[i]->name, master.params()[i]->name);
        EXPECT_EQ(half.params()[i]->offset, master.params()[i]->offset);
    }
    // The compute copy is the master rounded to float16, element by element.
    const auto h = half.values().values(), m = master.values().values();
    for (std::size_t i = 0; i < h.size(); ++i)
        ASSERT_EQ(h[i], half_bits_to_float(float_to_half_bits(float(m[i])))) << i;
}

TEST(MixedPrecision, RefusesAFloat32Model) {
    auto model = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 8);
    ImageDataset d = test::tiny_images(10);
    DeviceImages di = to_device(d, Device::CPU);
    ImageSource src(di, 2, 2);
    SoftmaxCrossEntropy loss;
    EXPECT_TRUE(message_has([&] { MixedPrecisionTrainer t(*model, loss, OptimizerKind::SGD, 0.1, src, {}); },
                            "build the model in float16 or bfloat16 (got float32)"));
}

TEST(MixedPrecision, OverflowSkipsTheStepAndHalvesTheScale) {
    // A scale of 2^60 overflows every fp16 gradient: the first steps are skipped, the master
    // weights stay exactly as they were, and S halves each time until the gradients fit.
    LossScalerOptions so;
    so.init_scale = std::ldexp(1.0, 60);
    AmpRun r(DType::F16, 3, so);
    const auto before = r.trainer->master().values().values();
    Tensor X(Shape::matrix(4, 20)), Y(Shape::matrix(2, 20));
    DeviceArray<int32_t> order(std::vector<int32_t>(20, 0), Device::CPU);
    std::vector<int32_t> seq(20);
    for (int i = 0; i < 20; ++i) seq[i] = i;
    order = DeviceArray<int32_t>(seq, Device::CPU);
    r.train_src->gather(order, 0, X, Y);
    EXPECT_FALSE(r.trainer->step(X, Y, 0));
    EXPECT_EQ(r.trainer->master().values().values(), before);  // untouched
    EXPECT_EQ(r.trainer->scaler().scale(), std::ldexp(1.0, 59));
    int skipped = 1;
    while (!r.trainer->step(X, Y, 0)) ASSERT_LT(++skipped, 60);
    // Gradients of this net are O(1)·2^-k; fp16 holds up to 65504 ≈ 2^16: the scaler stops
    // somewhere below 2^50 after skipping every step above it.
    EXPECT_GT(skipped, 10);
    EXPECT_EQ(r.trainer->scaler().skipped(), skipped);
    EXPECT_EQ(r.trainer->scaler().scale(), std::ldexp(1.0, 60 - skipped));
    EXPECT_NE(r.trainer->master().values().values(), before);  // the applied step moved them
}

TEST(MixedPrecision, Float16AndBfloat16TrainLikeFloat32OnSeveralSeeds) {
    for (uint64_t seed : {1, 2, 3}) {
        for (DType t : {DType::F16, DType::BF16}) {
            AmpRun r(t, seed);
            r.trainer->fit(15);
            const EvalResult ev = r.trainer->evaluate(*r.test_src);
            EXPECT_GE(ev.accuracy, 0.95) << dtype_name(t) << " seed " << seed;
            EXPECT_LT(r.trainer->history().back().record.train_loss, 0.2);
        }
    }
}

TEST(MixedPrecisionCuda, AnEpochMatchesTheCpuEmulation) {
    DL_REQUIRE_CUDA();
    // The same 10 SGD steps on both devices. Each 16-bit gradient may differ by one unit of
    // its format between the twins (float32 sums in another order, then one rounding): at
    // most 2^-7 (bf16) of a gradient below 1 per step, times the learning rate 0.05, over 10
    // steps: the master weights agree within 10 · 0.05 · 2^-7 ≈ 4e-3, doubled for the
    // activations' own roundings.
    for (DType t : {DType::F16, DType::BF16}) {
        AmpRun cpu(t, 5, {}, Device::CPU, OptimizerKind::SGD);
        AmpRun gpu(t, 5, {}, Device::CUDA, OptimizerKind::SGD);
        cpu.trainer->fit(1);
        gpu.trainer->fit(1);
        const auto a = cpu.trainer->master().values().values(), b = gpu.trainer->master().values().values();
        double worst = 0;
        for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
        EXPECT_LE(worst, 8e-3) << dtype_name(t);
        EXPECT_EQ(cpu.trainer->scaler().scale(), gpu.trainer->scaler().scale());
        EXPECT_NEAR(cpu.trainer->evaluate(*cpu.test_src).accuracy,
                    gpu.trainer->evaluate(*gpu.test_src).accuracy, 0.05);
    }
}

}  // namespace
