/// @file bias_variance.cpp
/// @brief Section 1: train/dev/test, and the lecture's bias and variance (偏差、方差) on a
/// network that overfits and one that underfits.
#include <cstdio>
#include <numeric>

#include "io/svg_plot.hpp"
#include "overfitting.hpp"

namespace ch05 {

using namespace dl;

Overfit overfit_setup(const Env& env) {
    Overfit o;
    o.big.hidden = {256, 256};
    o.small.hidden = {2};
    // Mini-batch gradient descent with momentum (section 9): for it the L2 term is exactly
    // weight decay, as in the lecture (for Adam it is not: see section 2).
    o.train.optimizer = nn::OptimizerKind::Momentum;
    o.train.lr = 0.1;
    o.train.batch = 64;
    o.train.epochs = env.quick ? 30 : 60;
    return o;
}

int first_halving(const std::vector<RunResult>& runs) {
    for (std::size_t i = 1; i < runs.size(); ++i)
        if (runs[i].gap() <= 0.5 * runs[0].gap()) return int(i);
    return int(runs.size()) - 1;
}

//! [diagnose]
std::string diagnose(double train_error, double dev_error, double bayes_error, double margin) {
    const bool high_bias = train_error - bayes_error > margin;  // avoidable bias
    const bool high_variance = dev_error - train_error > margin;
    if (high_bias && high_variance) return "high bias and high variance";
    if (high_bias) return "high bias (underfitting)";
    if (high_variance) return "high variance (overfitting)";
    return "neither: low bias, low variance";
}
//! [diagnose]

BiasVarianceReport run_bias_variance(const Split& s, const Overfit& o, const Env& env) {
    std::printf("\n== 1. Train / dev / test, bias and variance ==\n");
    std::printf("%s. The dev set chooses between models; the test set is looked at once, at "
                "the end.\n", s.name.c_str());
    std::printf("The lecture's four cases (train error, dev error; Bayes error about 0):\n");
    const double cases[4][2] = {{0.01, 0.11}, {0.15, 0.16}, {0.15, 0.30}, {0.005, 0.01}};
    for (const auto& c : cases)
        std::printf("  train %4.1f%%  dev %4.1f%%  →  %s\n", 100 * c[0], 100 * c[1],
                    diagnose(c[0], c[1], 0.0).c_str());
    std::printf("  (with a Bayes error of 15%%, train 15%% / dev 16%% is %s)\n",
                diagnose(0.15, 0.16, 0.15).c_str());

    BiasVarianceReport r;
    TrainSpec t = o.train;
    t.label = "large network";
    r.big = train_run(s, o.big, t, env, env.seed);
    t.label = "small network";
    r.small = train_run(s, o.small, t, env, env.seed);
    std::printf("Trained %d epochs with momentum (α = %g, β = 0.9, batch %lld); accuracy in test "
                "mode:\n",
                o.train.epochs, o.train.lr, (long long)o.train.batch);
    for (auto* run : {&r.big, &r.small}) {
        const std::string d = diagnose(1 - run->train_eval_acc, 1 - run->dev_final_acc, o.bayes_error);
        (run == &r.big ? r.big_diagnosis : r.small_diagnosis) = d;
        std::printf("  %-28s train %.4f  dev %.4f  gap %5.1f points  →  %s\n", run->model.c_str(),
                    run->train_eval_acc, run->dev_final_acc, 100 * run->gap(), d.c_str());
    }
    std::printf("(Bayes error taken as %.0f%%: the best published Fashion-MNIST error is 3.3%%.)\n",
                100 * o.bayes_error);

    std::vector<double> ep(r.big.train_acc.size());
    std::iota(ep.begin(), ep.end(), 1.0);
    SvgPlot acc("Accuracy per epoch", "epoch", "accuracy");
    acc.line(ep, r.big.train_acc, "large: training").line(ep, r.big.dev_acc, "large: dev", true);
    acc.line(ep, r.small.train_acc, "small: training").line(ep, r.small.dev_acc, "small: dev", true);
    SvgPlot loss("Cross-entropy per epoch", "epoch", "cost");
    loss.line(ep, r.big.train_loss, "large: training").line(ep, r.big.dev_loss, "large: dev", true);
    loss.line(ep, r.small.train_loss, "small: training").line(ep, r.small.dev_loss, "small: dev", true);
    save_svg_grid({acc, loss}, 2, "High variance (large network) and high bias (small network)",
                  figure(env, "bias_variance.svg"));
    return r;
}

Json to_json(const BiasVarianceReport& r) {
    Json j = Json::object();
    j["large"] = to_json(r.big);
    j["large"]["diagnosis"] = r.big_diagnosis;
    j["small"] = to_json(r.small);
    j["small"]["diagnosis"] = r.small_diagnosis;
    return j;
}

}  // namespace ch05
