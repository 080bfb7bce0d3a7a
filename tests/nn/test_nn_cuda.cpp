// CPU vs CUDA parity of the layer framework's whole training path, not just its kernels one by
// one: a model's forward pass (output and per-sample losses), its backward pass (every gradient
// in the flat buffer), one step of every optimizer, 20 mini-batch steps, and a Trainer epoch
// (gather → forward → loss → backward → update → metrics), plus the in-place kernel calls the
// contracts allow.
//
// Both devices start from the same parameters: the model is initialised once on the CPU and its
// flat buffer copied. GPU outputs are filled with NaN before each pass wherever the API reaches
// them, so an element a kernel forgets to write fails the comparison.
//
// Tolerances (relative error |got − want| / max(|want|, floor)):
//   forward Z and per-sample losses                   ≤ 1e-4, floor 0.1   (entries are O(1))
//   gradients                                          ≤ 1e-4, floor 1e-2  (entries are O(0.1))
//   parameters after one optimizer step                ≤ 1e-5, floor 0.1
//   the cost at each of 20 training steps              ≤ 1e-3 (no floor)
// Where they come from: float32 rounds each operation by about 6e-8 relative; a GEMM over K
// terms in another order (cuBLAS's tiling, fused multiply-adds) differs by up to about √K·6e-8
// for random signs, and the network stacks three of them (K ≤ 13) and their backward passes,
// so 1e-4 leaves a factor of 100 over what is expected while a wrong element (off by O(1)) is
// far outside. The suites whose names do not end in Cuda run on the CPU alone and prove the
// comparison is not vacuous: other initial weights fail every check, while a float64 run of the
// same model (whose rounding differs from float32 by about as much as a GPU's does) passes.
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "data/dataset.hpp"
#include "kernels/activation.hpp"
#include "kernels/bce.hpp"
#include "nn/loss.hpp"
#include "nn/mlp.hpp"
#include "nn/optimizer.hpp"
#include "nn/trainer.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::nn;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// 13-7-5-3 with ReLU, a batch of m = 37 (no size a multiple of a warp or a tile).
const std::vector<int64_t> kSizes = {13, 7, 5, 3};
constexpr int64_t kM = 37;
constexpr uint64_t kNetSeed = 4, kDataSeed = 40;
constexpr double kForwardRtol = 1e-4, kForwardFloor = 0.1;
constexpr double kGradRtol = 1e-4, kGradFloor = 1e-2;
constexpr double kUpdateRtol = 1e-5, kUpdateFloor = 0.1;
constexpr double kTrainRtol = 1e-3;
constexpr int kSteps = 20;

/// A copy of `t` on `device` in `dtype` (a type change goes through the host).
Tensor on(const Tensor& t, Device device, DType dtype) {
    if (t.dtype() == dtype) return t.to(device);
    return Tensor::from_values(t.shape(), t.values(), dtype).to(device);
}

/// The model on `device` in `dtype`, with the parameters drawn once on the CPU from `seed`
/// (He weights, N(0, 0.1²) biases so that b shows in the forward pass).
std::unique_ptr<Model> model_on(uint64_t seed, Device device, DType dtype) {
    auto ref = make_mlp_model(kSizes, Activation::ReLU, Init::He, kM);
    Rng rng(seed);
    ref->initialize(rng);
    for (const auto& p : ref->params().params())
        if (!p->decay) rng.fill_normal(p->value, 0.0, 0.1);
    auto m = make_mlp_model(kSizes, Activation::ReLU, Init::He, kM, {device, dtype});
    Tensor v = m->params().values();
    v.copy_from(on(ref->params().values(), device, dtype));
    return m;
}

std::pair<Tensor, Tensor> make_batch() {
    Rng rng(kDataSeed);
    Tensor X = test::randn(Shape::matrix(kSizes.front(), kM), rng);
    std::vector<int> labels;
    for (int64_t j = 0; j < kM; ++j) labels.push_back(int(rng.below(uint64_t(kSizes.back()))));
    return {X, one_hot(labels, int(kSizes.back()))};
}

/// What one side (a device and a type) computes, copied to the host in float64.
struct Side {
    Tensor Z_eval, Z, L, grads;
    std::vector<std::pair<std::string, Tensor>> after_step;  // flat values after one step
};

Side run_side(uint64_t seed, Device device, DType dtype) {
    const auto [X32, Y32] = make_batch();
    const Tensor X = on(X32, device, dtype), Y = on(Y32, device, dtype);
    auto m = model_on(seed, device, dtype);
    SoftmaxCrossEntropy loss;
    loss.reserve(m->output_shape(kM), m->context());
    Side s;
    s.Z_eval = on(m->forward(X, {false}), Device::CPU, DType::F64);
    Tensor g = m->params().grads();
    g.fill(kNaN);  // every gradient must be written (zero_grad) and then added to
    m->zero_grad();
    const Tensor& Z = m->forward(X, {true});
    loss.forward(Z, Y);
    m->backward(loss.dZ());
    s.Z = on(Z, Device::CPU, DType::F64);
    s.L = on(loss.L(), Device::CPU, DType::F64);
    s.grads = on(m->params().grads(), Device::CPU, DType::F64);
    for (auto kind : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::RMSprop,
                      OptimizerKind::Adam, OptimizerKind::AdamW}) {
        auto fresh = model_on(seed, device, dtype);
        Tensor fg = fresh->params().grads();
        fg.copy_from(on(s.grads, device, dtype));
        auto opt = make_optimizer(kind, fresh->params(), 0.01);
        opt->step();
        s.after_step.emplace_back(optimizer_name(kind),
                                  on(fresh->params().values(), Device::CPU, DType::F64));
    }
    return s;
}

struct Errors {
    std::vector<std::pair<std::string, std::pair<double, double>>> e;  // name → (error, tolerance)
};

Errors compare(const Side& got, const Side& want) {
    Errors r;
    auto add = [&](const std::string& n, const Tensor& a, const Tensor& b, double rtol, double floor) {
        r.e.push_back({n, {test::max_rel_error(a, b, floor), rtol}});
    };
    add("Z (evaluation)", got.Z_eval, want.Z_eval, kForwardRtol, kForwardFloor);
    add("Z (training)", got.Z, want.Z, kForwardRtol, kForwardFloor);
    add("L", got.L, want.L, kForwardRtol, kForwardFloor);
    add("gradients", got.grads, want.grads, kGradRtol, kGradFloor);
    for (std::size_t i = 0; i < want.after_step.size(); ++i)
        add("after " + want.after_step[i].first, got.after_step[i].second,
            want.after_step[i].second, kUpdateRtol, kUpdateFloor);
    return r;
}

void expect_within(const Errors& r) {
    for (const auto& [n, et] : r.e) EXPECT_LE(et.first, et.second) << n;
}
void expect_beyond(const Errors& r) {
    for (const auto& [n, et] : r.e) EXPECT_GT(et.first, et.second) << n << " did not notice";
}

/// The cost at each of 20 full-batch-of-37 steps of Adam, and a Trainer epoch's totals.
struct TrainRecord {
    std::vector<double> costs;
    double epoch_loss = 0, epoch_accuracy = 0;
};

TrainRecord train(uint64_t seed, Device device, DType dtype) {
    const auto [X32, Y32] = make_batch();
    const Tensor X = on(X32, device, dtype), Y = on(Y32, device, dtype);
    auto m = model_on(seed, device, dtype);
    SoftmaxCrossEntropy loss;
    loss.reserve(m->output_shape(kM), m->context());
    auto opt = make_optimizer(OptimizerKind::Adam, m->params(), 0.01);
    TrainRecord r;
    for (int s = 0; s < kSteps; ++s) {
        m->zero_grad();
        loss.forward(m->forward(X, {true}), Y);
        m->backward(loss.dZ());
        opt->step();
        r.costs.push_back(loss.cost());
    }
    if (dtype == DType::F32) {  // the Trainer runs float32 models
        TensorSource src(X, Y);
        TrainOptions o;
        o.batch = 10;  // 4 steps, the last of 7 samples
        Trainer t(*m, loss, *opt, src, o);
        const EpochRecord e = t.train_epoch();
        r.epoch_loss = e.train_loss;
        r.epoch_accuracy = e.train_accuracy;
    }
    return r;
}

double max_cost_error(const TrainRecord& got, const TrainRecord& want) {
    double worst = 0;
    for (std::size_t s = 0; s < want.costs.size(); ++s)
        worst = std::max(worst, std::abs(got.costs[s] - want.costs[s]) / want.costs[s]);
    return worst;
}

}  // namespace

// --- The comparison code can fail, and float32 rounding fits the tolerances (CPU only) -------

TEST(ModelParityHelpers, TheTestDataKeepClearOfReluKinks) {
    // float32 rounding moves a value by about 1e-7 relative: every hidden Z stays at least 1e-3
    // from ReLU's kink at 0, so both devices take the same branch everywhere.
    auto m = model_on(kNetSeed, Device::CPU, DType::F32);
    m->forward(make_batch().first, {true});
    auto& seq = static_cast<Sequential&>(m->net());
    double closest = 1e9;
    for (std::size_t i = 0; i + 1 < seq.size(); i += 2)  // the Dense outputs before each ReLU
        for (double z : seq.output(i).values()) closest = std::min(closest, std::abs(z));
    EXPECT_GE(closest, 1e-3);
}

TEST(ModelParityHelpers, OtherInitialWeightsFailEveryCheck) {
    const Side a = run_side(kNetSeed, Device::CPU, DType::F32);
    const Side b = run_side(kNetSeed + 1, Device::CPU, DType::F32);
    expect_beyond(compare(b, a));
    EXPECT_GT(max_cost_error(train(kNetSeed + 1, Device::CPU, DType::F32),
                             train(kNetSeed, Device::CPU, DType::F32)),
              kTrainRtol);
}

TEST(ModelParityHelpers, Float64RoundingFitsTheTolerances) {
    const Side want = run_side(kNetSeed, Device::CPU, DType::F32);
    const Side got = run_side(kNetSeed, Device::CPU, DType::F64);
    expect_within(compare(got, want));
    EXPECT_LE(max_cost_error(train(kNetSeed, Device::CPU, DType::F64),
                             train(kNetSeed, Device::CPU, DType::F32)),
              kTrainRtol);
}

// --- CPU vs CUDA -------------------------------------------------------------------------------

TEST(ModelCuda, ForwardBackwardAndEveryOptimizerStepMatchCpu) {
    DL_REQUIRE_CUDA();
    const Side want = run_side(kNetSeed, Device::CPU, DType::F32);
    const Side got = run_side(kNetSeed, Device::CUDA, DType::F32);
    expect_within(compare(got, want));
}

TEST(ModelCuda, TwentyStepsAndATrainerEpochFollowTheCpu) {
    DL_REQUIRE_CUDA();
    const TrainRecord want = train(kNetSeed, Device::CPU, DType::F32);
    const TrainRecord got = train(kNetSeed, Device::CUDA, DType::F32);
    ASSERT_EQ(got.costs.size(), std::size_t(kSteps));
    for (int s = 0; s < kSteps; ++s)
        EXPECT_LE(std::abs(got.costs[s] - want.costs[s]), kTrainRtol * want.costs[s])
            << "step " << s + 1 << ": cost " << got.costs[s] << " on the GPU, " << want.costs[s]
            << " on the CPU";
    EXPECT_LT(want.costs.back(), 0.85 * want.costs.front());  // the steps trained
    EXPECT_LE(std::abs(got.epoch_loss - want.epoch_loss), kTrainRtol * want.epoch_loss);
    // A near-tie in argmax may go either way on a sample or two of 37.
    EXPECT_LE(std::abs(got.epoch_accuracy - want.epoch_accuracy), 2.0 / kM);
}

// --- In-place kernel calls on the GPU ------------------------------------------------------------

TEST(InPlaceKernelsCuda, ActivationWithAEqualToZMatchesCpu) {
    DL_REQUIRE_CUDA();
    for (Activation g : {Activation::Identity, Activation::Step, Activation::Sign,
                         Activation::Sigmoid, Activation::Tanh, Activation::ReLU,
                         Activation::LeakyReLU}) {
        SCOPED_TRACE(activation_name(g));
        for (auto [r, c] : test::odd_sizes()) {
            Rng rng(r * 17 + c);
            const Tensor Z = test::randn(Shape::matrix(r, c), rng, 3.0);
            const Tensor dA = test::randn(Z.shape(), rng);
            Tensor A(Z.shape()), dZ(Z.shape());
            activation_forward(g, Z, A, 0.05);
            activation_backward(g, Z, dA, dZ, 0.05);
            Tensor gA = Z.to(Device::CUDA);  // A = Z: overwritten in place
            activation_forward(g, gA, gA, 0.05);
            DL_EXPECT_CLOSE(gA, A, 1e-5, 1.0);
            const Tensor gZ = Z.to(Device::CUDA);
            Tensor gdZ = dA.to(Device::CUDA);  // dZ = dA: overwritten in place
            activation_backward(g, gZ, gdZ, gdZ, 0.05);
            DL_EXPECT_CLOSE(gdZ, dZ, 1e-5, 1.0);
        }
    }
}

TEST(InPlaceKernelsCuda, BceWithDzEqualToZMatchesCpu) {
    DL_REQUIRE_CUDA();
    for (auto [r, c] : test::odd_sizes()) {
        Rng rng(r * 5 + c);
        const Tensor Z = test::randn(Shape::matrix(r, c), rng, 4.0);
        Tensor Y(Z.shape());
        rng.fill_uniform(Y, 0.0, 1.0);
        Tensor A(Z.shape()), L(Z.shape()), dZ(Z.shape());
        bce_with_logits(Z, Y, A, L, dZ);
        Tensor gZ = Z.to(Device::CUDA);  // dZ = Z: the logits are overwritten by A − Y
        Tensor gA = test::poisoned(Z.shape(), Device::CUDA);
        Tensor gL = test::poisoned(Z.shape(), Device::CUDA);
        bce_with_logits(gZ, Y.to(Device::CUDA), gA, gL, gZ);
        DL_EXPECT_CLOSE(gA, A, 1e-5, 1.0);
        DL_EXPECT_CLOSE(gL, L, 1e-5, 1.0);
        DL_EXPECT_CLOSE(gZ, dZ, 1e-5, 1.0);
    }
}
