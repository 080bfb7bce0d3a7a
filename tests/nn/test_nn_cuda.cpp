// CPU vs CUDA parity of chapter 4's whole training path, not just its kernels one by one:
// the L-layer network's forward pass (every Z[l], A[l] and the cost), its backward pass (every
// dW[l], db[l]), one Adam and one momentum step, and 20 mini-batch training steps (gather →
// forward → backward → update → metrics), plus the in-place kernel calls the contracts allow.
//
// Both devices start from the same parameters: the network is initialised once on the CPU and
// copied. GPU buffers are filled with NaN before each launch wherever the API reaches them, so
// an element a kernel forgets to write fails the comparison.
//
// Tolerances (relative error |got − want| / max(|want|, floor)):
//   forward Z, A, per-sample losses and the cost J   ≤ 1e-4, floor 0.1   (entries are O(1))
//   gradients dW, db                                  ≤ 1e-4, floor 1e-2  (entries are O(0.1))
//   parameters after one Adam or momentum step        ≤ 1e-5, floor 0.1
//   the cost J at each of 20 training steps           ≤ 1e-3 (no floor)
// The suites whose names do not end in Cuda run on the CPU alone and prove the comparison code
// is not vacuous: different initial weights fail every check, while a float64 run of the same
// network (whose rounding differs from float32 by about as much as a GPU's does) passes them.
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "data/dataset.hpp"
#include "kernels/activation.hpp"
#include "kernels/batch.hpp"
#include "kernels/bce.hpp"
#include "kernels/metrics.hpp"
#include "nn/mlp.hpp"
#include "nn/optimizer.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::nn;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The network under test: odd layer sizes n[0..3] = 13-7-5-3, ReLU hidden layers, softmax
// output, and a batch of m = 37 samples (no size a multiple of a warp or a tile).
const std::vector<int64_t> kSizes = {13, 7, 5, 3};
constexpr int64_t kM = 37;
constexpr uint64_t kNetSeed = 4, kDataSeed = 40;

constexpr double kForwardRtol = 1e-4, kForwardFloor = 0.1;
constexpr double kGradRtol = 1e-4, kGradFloor = 1e-2;
constexpr double kUpdateRtol = 1e-5, kUpdateFloor = 0.1;
constexpr double kTrainRtol = 1e-3;

// Float32 rounding moves a value by about 1e-7 relative. The test data keep every hidden Z at
// least kKinkMargin away from ReLU's kink at 0 (so both devices take the same branch) and every
// non-zero gradient entry at least kGradMargin away from 0 (Adam's first step is about
// α·sign(dW), so a gradient at the level of rounding noise could move a weight either way).
constexpr double kKinkMargin = 1e-3, kGradMargin = 1e-4;

constexpr float kAdamLr = 0.01f, kMomentumLr = 0.1f;

/// A copy of `t` on `device` in `dtype` (a type change goes through the host).
Tensor on(const Tensor& t, Device device, DType dtype) {
    if (t.dtype() == dtype) return t.to(device);
    return Tensor::from_values(t.shape(), t.values(), dtype).to(device);
}

/// The 13-7-5-3 ReLU network with He weights and N(0, 0.1²) biases (non-zero, so b shows in
/// the forward pass), on the CPU in float32.
Mlp reference_net(uint64_t seed) {
    Rng rng(seed);
    Mlp net(kSizes, Activation::ReLU, Device::CPU, DType::F32, kM);
    net.init(Init::He, rng);
    for (int l = 1; l <= net.num_layers(); ++l) rng.fill_normal(net.b(l), 0.0, 0.1);
    return net;
}

/// A network on `device` in `dtype` with exactly the parameters of `ref`.
Mlp copy_of(const Mlp& ref, Device device, DType dtype) {
    Mlp net(ref.sizes(), ref.hidden(), device, dtype, kM);
    for (int l = 1; l <= ref.num_layers(); ++l) {
        net.W(l).copy_from(on(ref.W(l), device, dtype));
        net.b(l).copy_from(on(ref.b(l), device, dtype));
    }
    return net;
}

/// X (13 x 37, N(0, 1)) and one-hot Y (3 x 37) with random labels, on the CPU in float32.
std::pair<Tensor, Tensor> make_batch() {
    Rng rng(kDataSeed);
    Tensor X = test::randn(Shape::matrix(kSizes.front(), kM), rng);
    std::vector<int> labels;
    for (int64_t j = 0; j < kM; ++j) labels.push_back(int(rng.below(uint64_t(kSizes.back()))));
    return {X, one_hot(labels, int(kSizes.back()))};
}

/// Every output buffer of the network's last pass (Z[l], A[l], dW[l], db[l]) and the
/// per-sample losses L set to NaN.
void poison(Mlp& net, Tensor& L) {
    for (int l = 1; l <= net.num_layers(); ++l) {
        net.Z(l).fill(kNaN);  // a view of the cache: fills its first m columns
        net.A(l).fill(kNaN);
        net.dW(l).fill(kNaN);
        net.db(l).fill(kNaN);
    }
    L.fill(kNaN);
}

/// What one pass leaves in a network, copied to the host.
struct PassRecord {
    std::vector<Tensor> Z, A, dW, db;  // layers 1 … L
    Tensor L;                          // per-sample losses (1 x m); empty after forward()
    double cost = 0;                   // J = (1/m) Σ_j L(0, j)
};

PassRecord record(Mlp& net, const Tensor* L, bool with_grads) {
    PassRecord r;
    for (int l = 1; l <= net.num_layers(); ++l) {
        r.Z.push_back(net.Z(l).to(Device::CPU));
        r.A.push_back(net.A(l).to(Device::CPU));
        if (with_grads) {
            r.dW.push_back(net.dW(l).to(Device::CPU));
            r.db.push_back(net.db(l).to(Device::CPU));
        }
    }
    if (L) {
        r.L = L->to(Device::CPU);
        const auto v = r.L.values();
        r.cost = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    }
    return r;
}

std::vector<Tensor> params_of(Mlp& net) {
    std::vector<Tensor> p;
    for (const Param& q : net.params()) p.push_back(q.value->to(Device::CPU));
    return p;
}

/// Everything the parity test compares, from one side (device and type).
struct SideRecord {
    PassRecord forward_only;        // after net.forward(X): Z[l], A[l] (A[L] by softmax)
    PassRecord pass;                // after net.forward_backward(X, Y)
    std::vector<Tensor> after_adam;      // W1, b1, W2, … after one Adam step
    std::vector<Tensor> after_momentum;  // … then one momentum step with the same gradients
};

SideRecord run_side(const Mlp& ref, const std::pair<Tensor, Tensor>& batch, Device device,
                    DType dtype) {
    Mlp net = copy_of(ref, device, dtype);
    const Tensor X = on(batch.first, device, dtype), Y = on(batch.second, device, dtype);
    SideRecord s;
    // A first pass sizes the caches to m columns, so that their views can be poisoned.
    Tensor L = net.forward_backward(X, Y);
    poison(net, L);
    net.forward(X);
    s.forward_only = record(net, nullptr, false);
    poison(net, L);
    L = net.forward_backward(X, Y);
    s.pass = record(net, &L, true);
    auto adam = make_optimizer(OptimizerKind::Adam, net.params(), kAdamLr);
    adam->step();
    s.after_adam = params_of(net);
    auto momentum = make_optimizer(OptimizerKind::Momentum, net.params(), kMomentumLr);
    momentum->step();
    s.after_momentum = params_of(net);
    return s;
}

/// One comparison: its name, the largest relative error found and the tolerance.
struct Check {
    std::string what;
    double error;
    double tol;
};

std::vector<Check> compare_pass(const PassRecord& got, const PassRecord& want) {
    std::vector<Check> c;
    EXPECT_EQ(got.Z.size(), want.Z.size());
    EXPECT_EQ(got.dW.size(), want.dW.size());
    for (std::size_t i = 0; i < want.Z.size() && i < got.Z.size(); ++i) {
        const std::string l = std::to_string(i + 1);
        c.push_back({"Z[" + l + "]", test::max_rel_error(got.Z[i], want.Z[i], kForwardFloor),
                     kForwardRtol});
        c.push_back({"A[" + l + "]", test::max_rel_error(got.A[i], want.A[i], kForwardFloor),
                     kForwardRtol});
    }
    if (!want.L.empty()) {
        c.push_back({"L", test::max_rel_error(got.L, want.L, kForwardFloor), kForwardRtol});
        const double e = std::isnan(got.cost) ? std::numeric_limits<double>::infinity()
                                              : std::abs(got.cost - want.cost) / std::abs(want.cost);
        c.push_back({"cost J", e, kForwardRtol});
    }
    for (std::size_t i = 0; i < want.dW.size() && i < got.dW.size(); ++i) {
        const std::string l = std::to_string(i + 1);
        c.push_back({"dW[" + l + "]", test::max_rel_error(got.dW[i], want.dW[i], kGradFloor),
                     kGradRtol});
        c.push_back({"db[" + l + "]", test::max_rel_error(got.db[i], want.db[i], kGradFloor),
                     kGradRtol});
    }
    return c;
}

std::vector<Check> compare_params(const std::vector<Tensor>& got, const std::vector<Tensor>& want,
                                  const std::string& when) {
    std::vector<Check> c;
    EXPECT_EQ(got.size(), want.size());
    const char* names[] = {"W", "b"};
    for (std::size_t i = 0; i < want.size() && i < got.size(); ++i)
        c.push_back({std::string(names[i % 2]) + std::to_string(i / 2 + 1) + " " + when,
                     test::max_rel_error(got[i], want[i], kUpdateFloor), kUpdateRtol});
    return c;
}

void expect_within(const std::vector<Check>& checks) {
    EXPECT_FALSE(checks.empty());
    for (const Check& c : checks)
        EXPECT_LE(c.error, c.tol) << c.what << ": max relative error " << c.error << " exceeds "
                                  << c.tol;
}

void expect_beyond(const std::vector<Check>& checks) {
    EXPECT_FALSE(checks.empty());
    for (const Check& c : checks)
        EXPECT_GT(c.error, c.tol) << c.what << ": the comparison did not see the difference";
}

/// Smallest |Z[l](i, j)| over the hidden layers.
double min_abs_hidden_Z(const PassRecord& r) {
    double lo = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i + 1 < r.Z.size(); ++i)
        for (double z : r.Z[i].values()) lo = std::min(lo, std::abs(z));
    return lo;
}

/// Smallest non-zero |dW|, |db| entry (exact zeros, from units ReLU switched off for every
/// sample, are exact zeros on both devices).
double min_abs_nonzero_grad(const PassRecord& r) {
    double lo = std::numeric_limits<double>::infinity();
    for (const auto* list : {&r.dW, &r.db})
        for (const Tensor& t : *list)
            for (double g : t.values())
                if (g != 0.0) lo = std::min(lo, std::abs(g));
    return lo;
}

// --- Mini-batch training --------------------------------------------------------------------

constexpr int64_t kSamples = 200, kSteps = 20;
constexpr float kScale = 1.0f / 255;

/// A byte data set of 200 samples of 13 pixels whose label (3 classes) is the brightest of the
/// first three pixels, a pattern the network can learn; the sample order of four shuffled
/// epochs; and the first 20 mini-batches (offset into the order, size): 37 samples each, the
/// last batch of every epoch 15 (200 = 5·37 + 15), so the smaller-batch path runs too.
struct ByteData {
    std::vector<uint8_t> pixels;
    std::vector<int32_t> labels, order;
    std::vector<std::pair<int64_t, int64_t>> steps;
};

ByteData make_byte_data() {
    Rng rng(kDataSeed + 1);
    ByteData d;
    const int64_t n = kSizes.front();
    for (int64_t j = 0; j < kSamples; ++j) {
        for (int64_t i = 0; i < n; ++i) d.pixels.push_back(uint8_t(rng.below(256)));
        const uint8_t* p = &d.pixels[std::size_t(j * n)];
        d.labels.push_back(p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2);
    }
    for (int e = 0; e < 4; ++e) {
        std::vector<int32_t> perm(kSamples);
        std::iota(perm.begin(), perm.end(), 0);
        rng.shuffle(perm);
        d.order.insert(d.order.end(), perm.begin(), perm.end());
        for (int64_t begin = 0; begin < kSamples; begin += kM)
            d.steps.push_back({e * kSamples + begin, std::min(kM, kSamples - begin)});
    }
    d.steps.resize(kSteps);
    return d;
}

struct TrainRecord {
    std::vector<double> costs;  // J of each step's mini-batch, before that step's update
    std::vector<double> acc;    // the metrics accumulator after the steps (float32 runs)
};

/// kSteps steps of the training loop (as ImageTrainer::train_epoch runs it) on `device` in
/// `dtype`, from the reference network of `seed`. A float64 run gathers in float32 and converts.
TrainRecord train_steps(OptimizerKind kind, float lr, uint64_t seed, Device device, DType dtype) {
    const ByteData d = make_byte_data();
    Mlp net = copy_of(reference_net(seed), device, dtype);
    auto opt = make_optimizer(kind, net.params(), lr);
    const DeviceArray<uint8_t> pixels(d.pixels, device);
    const DeviceArray<int32_t> labels(d.labels, device), order(d.order, device);
    Tensor Xbuf(Shape::matrix(kSizes.front(), kM), DType::F32, device);
    Tensor Ybuf(Shape::matrix(kSizes.back(), kM), DType::F32, device);
    Tensor acc = Tensor::zeros(Shape::column(3), DType::F32, device);
    TrainRecord r;
    for (std::size_t s = 0; s < d.steps.size(); ++s) {
        const auto [offset, m] = d.steps[s];
        Tensor X = Xbuf.slice_cols(0, m), Y = Ybuf.slice_cols(0, m);
        X.fill(kNaN);
        Y.fill(kNaN);
        gather_batch(pixels, labels, order, offset, kScale, X, Y);
        const Tensor Xn = dtype == DType::F32 ? X : on(X, device, dtype);
        const Tensor Yn = dtype == DType::F32 ? Y : on(Y, device, dtype);
        const Tensor L = net.forward_backward(Xn, Yn);
        opt->step();
        if (dtype == DType::F32) accumulate_metrics(net.output(), Y, L, acc, int64_t(s) + 1);
        const auto v = L.values();
        r.costs.push_back(std::accumulate(v.begin(), v.end(), 0.0) / double(m));
    }
    r.acc = acc.values();
    return r;
}

/// Largest relative difference between the two runs' costs over the steps.
double max_cost_error(const TrainRecord& got, const TrainRecord& want) {
    EXPECT_EQ(got.costs.size(), want.costs.size());
    double worst = 0;
    for (std::size_t s = 0; s < want.costs.size() && s < got.costs.size(); ++s) {
        const double e = std::abs(got.costs[s] - want.costs[s]) / std::abs(want.costs[s]);
        worst = std::isnan(e) ? std::numeric_limits<double>::infinity() : std::max(worst, e);
    }
    return worst;
}

struct OptimizerCase {
    OptimizerKind kind;
    float lr;
};
const OptimizerCase kOptimizers[] = {{OptimizerKind::Adam, 0.01f},
                                     {OptimizerKind::Momentum, 0.1f}};

}  // namespace

// --- The comparison code can fail, and float32 rounding fits the tolerances (CPU only) -------

TEST(MlpParityHelpers, TheTestDataKeepClearOfReluKinksAndTinyGradients) {
    const SideRecord s = run_side(reference_net(kNetSeed), make_batch(), Device::CPU, DType::F32);
    EXPECT_GE(min_abs_hidden_Z(s.pass), kKinkMargin);
    EXPECT_GE(min_abs_nonzero_grad(s.pass), kGradMargin);
}

TEST(MlpParityHelpers, DifferentInitialWeightsFailEveryCheck) {
    const auto batch = make_batch();
    const SideRecord a = run_side(reference_net(kNetSeed), batch, Device::CPU, DType::F32);
    const SideRecord b = run_side(reference_net(kNetSeed + 1), batch, Device::CPU, DType::F32);
    expect_beyond(compare_pass(b.forward_only, a.forward_only));
    expect_beyond(compare_pass(b.pass, a.pass));
    expect_beyond(compare_params(b.after_adam, a.after_adam, "after Adam"));
    // A missing momentum step is seen too: the parameters before and after it differ.
    expect_beyond(compare_params(a.after_adam, a.after_momentum, "after momentum"));
    for (const auto& o : kOptimizers) {
        SCOPED_TRACE(optimizer_name(o.kind));
        const TrainRecord x = train_steps(o.kind, o.lr, kNetSeed, Device::CPU, DType::F32);
        const TrainRecord y = train_steps(o.kind, o.lr, kNetSeed + 1, Device::CPU, DType::F32);
        EXPECT_GT(max_cost_error(y, x), kTrainRtol);
    }
}

TEST(MlpParityHelpers, Float64RoundingFitsTheTolerances) {
    // float64 differs from float32 by float32's rounding, as a GPU's float32 does (other
    // summation orders, fused multiply-adds): the tolerances must leave room for it.
    const auto batch = make_batch();
    const Mlp ref = reference_net(kNetSeed);
    const SideRecord want = run_side(ref, batch, Device::CPU, DType::F32);
    const SideRecord got = run_side(ref, batch, Device::CPU, DType::F64);
    expect_within(compare_pass(got.forward_only, want.forward_only));
    expect_within(compare_pass(got.pass, want.pass));
    expect_within(compare_params(got.after_adam, want.after_adam, "after Adam"));
    expect_within(compare_params(got.after_momentum, want.after_momentum, "after momentum"));
    for (const auto& o : kOptimizers) {
        SCOPED_TRACE(optimizer_name(o.kind));
        const TrainRecord x = train_steps(o.kind, o.lr, kNetSeed, Device::CPU, DType::F32);
        const TrainRecord y = train_steps(o.kind, o.lr, kNetSeed, Device::CPU, DType::F64);
        EXPECT_LE(max_cost_error(y, x), kTrainRtol);
    }
}

// --- CPU vs CUDA -------------------------------------------------------------------------------

TEST(MlpCuda, ForwardBackwardAndOneUpdateMatchCpu) {
    DL_REQUIRE_CUDA();
    const auto batch = make_batch();
    const Mlp ref = reference_net(kNetSeed);
    const SideRecord want = run_side(ref, batch, Device::CPU, DType::F32);
    ASSERT_GE(min_abs_hidden_Z(want.pass), kKinkMargin);
    ASSERT_GE(min_abs_nonzero_grad(want.pass), kGradMargin);
    const SideRecord got = run_side(ref, batch, Device::CUDA, DType::F32);
    {
        SCOPED_TRACE("forward (softmax output)");
        expect_within(compare_pass(got.forward_only, want.forward_only));
    }
    {
        SCOPED_TRACE("forward, loss and backward");
        expect_within(compare_pass(got.pass, want.pass));
    }
    expect_within(compare_params(got.after_adam, want.after_adam, "after Adam"));
    expect_within(compare_params(got.after_momentum, want.after_momentum, "after momentum"));
}

TEST(MlpCuda, TwentyMiniBatchStepsFollowTheSameCosts) {
    DL_REQUIRE_CUDA();
    for (const auto& o : kOptimizers) {
        SCOPED_TRACE(optimizer_name(o.kind));
        const TrainRecord want = train_steps(o.kind, o.lr, kNetSeed, Device::CPU, DType::F32);
        const TrainRecord got = train_steps(o.kind, o.lr, kNetSeed, Device::CUDA, DType::F32);
        ASSERT_EQ(want.costs.size(), std::size_t(kSteps));
        ASSERT_EQ(got.costs.size(), std::size_t(kSteps));
        for (int64_t s = 0; s < kSteps; ++s)
            EXPECT_LE(std::abs(got.costs[s] - want.costs[s]), kTrainRtol * want.costs[s])
                << "step " << s + 1 << ": cost " << got.costs[s] << " on the GPU, "
                << want.costs[s] << " on the CPU";
        // The steps trained (about 1.43 → 1.06 on the CPU), so the costs compared moved.
        EXPECT_LT(want.costs.back(), 0.85 * want.costs.front());
        EXPECT_LT(got.costs.back(), 0.85 * got.costs.front());
        // The running metrics: the loss sum, the correct count (a near-tie in argmax may go
        // either way on a sample or two) and no divergence flag.
        ASSERT_EQ(got.acc.size(), 3u);
        EXPECT_LE(std::abs(got.acc[0] - want.acc[0]), kTrainRtol * want.acc[0]);
        EXPECT_LE(std::abs(got.acc[1] - want.acc[1]), 2.0);
        EXPECT_EQ(got.acc[2], 0.0);
        EXPECT_EQ(want.acc[2], 0.0);
    }
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
            activation_forward(g, Z, A, 0.05f);
            activation_backward(g, Z, dA, dZ, 0.05f);
            Tensor gA = Z.to(Device::CUDA);  // A = Z: overwritten in place
            activation_forward(g, gA, gA, 0.05f);
            DL_EXPECT_CLOSE(gA, A, 1e-5, 1.0);
            const Tensor gZ = Z.to(Device::CUDA);
            Tensor gdZ = dA.to(Device::CUDA);  // dZ = dA: overwritten in place
            activation_backward(g, gZ, gdZ, gdZ, 0.05f);
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
        Tensor gA = test::poisoned(Z.shape(), Device::CUDA), gL = test::poisoned(Z.shape(), Device::CUDA);
        bce_with_logits(gZ, Y.to(Device::CUDA), gA, gL, gZ);
        DL_EXPECT_CLOSE(gA, A, 1e-5, 1.0);
        DL_EXPECT_CLOSE(gL, L, 1e-5, 1.0);
        DL_EXPECT_CLOSE(gZ, dZ, 1e-5, 1.0);
    }
}
