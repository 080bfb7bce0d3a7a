/// @file batchnorm_section.cpp
/// @brief Section 10: batch normalization (批归一化) — your forward and backward pass next to
/// nn::BatchNorm, its gradient check, and a deep sigmoid network on Fashion-MNIST trained with
/// and without it: how many epochs each needs to reach a fixed dev accuracy.
#include <cmath>
#include <cstdio>
#include <numeric>

#include "exercises/ch05.hpp"
#include "io/svg_plot.hpp"
#include "nn/batchnorm.hpp"
#include "nn/gradcheck.hpp"
#include "sections.hpp"

namespace ch05 {

using namespace dl;

namespace {
MatrixD to_matrix(const Tensor& t) {
    const auto v = t.values();
    return Eigen::Map<const MatrixD>(v.data(), t.rows(), t.cols());
}
}  // namespace

BatchNormReport run_batchnorm(const Env& env) {
    std::printf("\n== 10. Batch normalization ==\n");
    BatchNormReport r;
    // Your batch norm against the library's layer: 5 units, 7 samples, float64, training mode.
    {
        const nn::Context f64{Device::CPU, DType::F64};
        nn::BatchNorm bn;
        bn.set_name("bn");
        nn::ParamStore ps;
        const Shape shape = Shape::matrix(5, 7);
        bn.declare(shape, ps);
        ps.allocate(f64);
        bn.reserve(shape, f64);
        Rng rng(env.seed + 120);
        ps.initialize(rng);
        rng.fill_normal(bn.gamma().value, 1.0, 0.3);
        rng.fill_normal(bn.beta().value, 0.0, 0.3);
        Tensor Z(shape, DType::F64), Y(shape, DType::F64), dZ(shape, DType::F64);
        rng.fill_normal(Z, 2.0, 3.0);
        bn.forward(Z, Y, {true});
        const MatrixD g = to_matrix(bn.gamma().value), b = to_matrix(bn.beta().value);
        exercises::BatchNormCache cache;
        const MatrixD mine = exercises::batchnorm_forward(to_matrix(Z), g.col(0), b.col(0), bn.eps(), cache);
        r.exercise_vs_layer = (mine - to_matrix(Y)).cwiseAbs().maxCoeff();
        Tensor dY(shape, DType::F64);
        rng.fill_normal(dY);
        ps.zero_grad();
        bn.backward(Z, Y, dY, &dZ);
        MatrixD my_dZ;
        Eigen::VectorXd my_dg, my_db;
        exercises::batchnorm_backward(to_matrix(dY), cache, my_dZ, my_dg, my_db);
        r.exercise_backward_error = std::max({(my_dZ - to_matrix(dZ)).cwiseAbs().maxCoeff(),
                                              (my_dg - to_matrix(bn.gamma().grad).col(0)).cwiseAbs().maxCoeff(),
                                              (my_db - to_matrix(bn.beta().grad).col(0)).cwiseAbs().maxCoeff()});
        std::printf("Your batchnorm_forward and batchnorm_backward against nn::BatchNorm (5 units, "
                    "7 samples): largest differences %.1e (Z̃) and %.1e (dZ, dγ, dβ).\n",
                    r.exercise_vs_layer, r.exercise_backward_error);
        const MatrixD Zhat = cache.Z_hat;
        std::printf("Each row of Ẑ has mean %.1e and variance %.6f (ε = %g keeps it just below 1).\n",
                    Zhat.row(0).mean(), Zhat.row(0).squaredNorm() / 7, bn.eps());
        nn::BatchNorm fresh;
        fresh.set_name("bn");
        r.gradcheck = nn::gradcheck_layer(fresh, Shape::matrix(6, 11), env.seed, {true}).max_rel_error;
        std::printf("Gradient check of nn::BatchNorm in training mode (μ and σ² depend on every "
                    "sample): relative error %.1e.\n", r.gradcheck);
    }

    if (!env.have_fashion) {
        say_skipped(env, "The deep network with and without batch norm", {"batchnorm.svg"});
        return r;
    }
    // A deep sigmoid network: [Dense → (BatchNorm) → sigmoid] × 6 → Dense, plain SGD.
    const auto split = fashion_split(env, env.quick ? 6000 : 20000, env.quick ? 2000 : 5000,
                                     2000, env.seed + 121);
    r.target = env.quick ? 0.75 : 0.85;
    r.budget = env.quick ? 8 : 30;
    MlpSpec spec;
    spec.hidden = std::vector<int64_t>(6, 100);
    spec.g = Activation::Sigmoid;
    spec.init = nn::Init::Xavier;
    TrainSpec t;
    t.optimizer = nn::OptimizerKind::Momentum;
    t.lr = 0.1;
    t.batch = 64;
    t.epochs = r.budget;
    t.target_accuracy = r.target;
    r.model = describe(spec, 784, 10);
    std::printf("%s; %s, momentum (α = %g, β = 0.9), batch %lld; epochs until the dev accuracy "
                "reaches %.2f (at most %d):\n", split->name.c_str(), r.model.c_str(), t.lr,
                (long long)t.batch, r.target, r.budget);
    t.label = "without batch norm";
    const RunResult plain = train_run(*split, spec, t, env, env.seed + 122);
    spec.batchnorm = true;
    t.label = "with batch norm";
    const RunResult bn = train_run(*split, spec, t, env, env.seed + 122);
    r.epochs_plain = plain.target_epoch;
    r.epochs_bn = bn.target_epoch;
    r.dev_plain = plain.dev_acc;
    r.dev_bn = bn.dev_acc;
    auto says = [&](const RunResult& run) {
        return run.target_epoch ? cat(run.target_epoch, " epochs")
                                : cat("not within ", r.budget, " epochs (dev ", run.dev_acc.back(), ")");
    };
    std::printf("  without batch norm: %s\n  with batch norm:    %s\n", says(plain).c_str(),
                says(bn).c_str());
    std::printf("Normalizing every layer's Z keeps the sigmoids out of their flat ends and every "
                "layer's input distribution steady, so a large learning rate works from the start.\n");
    std::vector<double> e1(plain.dev_acc.size()), e2(bn.dev_acc.size());
    std::iota(e1.begin(), e1.end(), 1.0);
    std::iota(e2.begin(), e2.end(), 1.0);
    SvgPlot p("Dev accuracy per epoch", "epoch", "dev accuracy");
    p.line(e1, plain.dev_acc, "without batch norm").line(e2, bn.dev_acc, "with batch norm");
    p.line({1.0, double(std::max(e1.size(), e2.size()))}, {r.target, r.target},
           cat("target ", r.target), true);
    p.save(figure(env, "batchnorm.svg"));
    return r;
}

Json to_json(const BatchNormReport& r) {
    Json j = Json::object();
    j["exercise_forward_max_diff"] = r.exercise_vs_layer;
    j["exercise_backward_max_diff"] = r.exercise_backward_error;
    j["gradcheck_max_rel_error"] = r.gradcheck;
    j["model"] = r.model;
    j["target_dev_accuracy"] = r.target;
    j["epoch_budget"] = r.budget;
    j["epochs_without"] = r.epochs_plain;
    j["epochs_with"] = r.epochs_bn;
    j["dev_accuracy_without"] = r.dev_plain;
    j["dev_accuracy_with"] = r.dev_bn;
    return j;
}

}  // namespace ch05
