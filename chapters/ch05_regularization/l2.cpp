/// @file l2.cpp
/// @brief Section 2: L2 regularization (L2 正则化) — the cost term, the gradient term (the
/// optimizer's axpby), a λ sweep on the overfitting setup, and weight decay (权重衰减) as the
/// decoupled update, which is the same thing for gradient descent and not for Adam.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "exercises/ch05.hpp"
#include "io/svg_plot.hpp"
#include "kernels/axpby.hpp"
#include "kernels/dot.hpp"
#include "nn/gradcheck.hpp"
#include "nn/loss.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"
#include "overfitting.hpp"

namespace ch05 {

using namespace dl;

namespace {

/// AdamW's decoupled λ on the setup (its steps shrink W by α·λ each: 1e-3·0.5 per step).
constexpr double kAdamWDecay = 0.5;

/// An optimizer that only lets Optimizer::step run its L2 line (dW += (λ/m)·W on the decayed
/// segments, with dl::axpby) and then moves nothing: after step(), the gradient buffer holds
/// the full gradient of J + (λ/2m)Σ‖W‖², which is what a gradient check needs to see.
class L2Only : public nn::Optimizer {
public:
    explicit L2Only(nn::ParamStore& p) : Optimizer(p, 1.0) {}
    const char* name() const override { return "l2-only"; }

protected:
    void update(Tensor&, const Tensor&, const nn::ParamStore::Segment&) override {}
};

/// (λ/2m)·Σ‖W‖² over the decayed parameters, with the dot kernel (float64 CPU models).
double l2_term(const nn::ParamStore& ps, double coeff) {
    double sum = 0;
    Tensor s(Shape::matrix(1, 1), ps.values().dtype(), ps.values().device());
    for (const auto& seg : ps.segments()) {
        if (!seg.decay) continue;
        const Tensor w = ps.values().slice_cols(seg.begin, seg.end);
        dot(w, w, s);
        sum += s.at(0, 0);
    }
    return 0.5 * coeff * sum;
}

/// The weight matrices of a model as MatrixD (for the exercise's l2_cost).
std::vector<MatrixD> weights(const nn::Model& m) {
    std::vector<MatrixD> out;
    for (const auto& p : m.params().params()) {
        if (!p->decay) continue;
        const auto v = p->value.values();
        out.push_back(Eigen::Map<const MatrixD>(v.data(), p->shape.rows(), p->shape.cols()));
    }
    return out;
}

}  // namespace

double l2_gradient_check(uint64_t seed, bool l2_in_gradient) {
    // A 6-5-4-3 tanh network in float64, 7 samples, λ/m = 0.3 (large, so that the term shows).
    const nn::Context f64{Device::CPU, DType::F64};
    auto model = nn::make_mlp_model({6, 5, 4, 3}, Activation::Tanh, nn::Init::Xavier, 7, f64);
    Rng rng(seed);
    model->initialize(rng);
    Tensor X(Shape::matrix(6, 7), DType::F64);
    rng.fill_normal(X);
    std::vector<double> y(21, 0.0);
    for (int j = 0; j < 7; ++j) y[3 * j + rng.below(3)] = 1.0;
    const Tensor Y = Tensor::from_values(Shape::matrix(3, 7), y, DType::F64);
    nn::SoftmaxCrossEntropy loss;
    loss.reserve(model->output_shape(7), f64);
    L2Only opt(model->params());
    const double coeff = 0.3;  // λ/m
    opt.set_l2(coeff);
    nn::ParamStore& ps = model->params();
    //! [l2_gradcheck]
    auto cost = [&] {  // J = (1/m)ΣL + (λ/2m)Σ‖W‖²
        loss.forward(model->forward(X, {}), Y);
        return loss.cost() + l2_term(ps, coeff);
    };
    auto gradients = [&] {  // the data term by backprop, then the optimizer's dW += (λ/m)·W
        model->zero_grad();
        loss.forward(model->forward(X, {}), Y);
        model->backward(loss.dZ());
        if (l2_in_gradient) opt.step();
    };
    //! [l2_gradcheck]
    return nn::gradient_check(ps, cost, gradients).max_rel_error;
}

L2Report run_l2(const Split& s, const Overfit& o, const RunResult& baseline, const Env& env) {
    std::printf("\n== 2. L2 regularization ==\n");
    L2Report r;
    const int64_t m = s.train.count();
    r.gradcheck = l2_gradient_check(env.seed);
    std::printf("Gradient check of J = cross-entropy + (λ/2m)·Σ‖W‖² through the optimizer's L2 "
                "term (dl::axpby, dW += (λ/m)·W): relative error %.1e.\n", r.gradcheck);

    // The exercise's gradient term against the optimizer's on the same numbers.
    {
        Rng rng(env.seed + 5);
        MatrixD W = MatrixD::Random(4, 3), dW = MatrixD::Random(4, 3);
        Tensor tW = Tensor::from_values(Shape::matrix(4, 3), std::vector<double>(W.data(), W.data() + 12), DType::F64);
        Tensor tdW = Tensor::from_values(Shape::matrix(4, 3), std::vector<double>(dW.data(), dW.data() + 12), DType::F64);
        exercises::l2_gradient(W, 3.0, 12, dW);  // the exercise: dW += (λ/m)·W
        axpby(3.0 / 12, tW, 1.0, tdW);          // the optimizer's line
        const auto v = tdW.values();
        double worst = 0;
        for (int i = 0; i < 12; ++i) worst = std::max(worst, std::abs(v[i] - dW.data()[i]));
        r.exercise_gradient_error = worst;
    }

    r.lambdas = env.quick ? std::vector<double>{0, 10, 30} : std::vector<double>{0, 3, 10, 20, 30, 50};
    std::printf("λ sweep (%lld training images, dW += (λ/m)·W with m = %lld):\n", (long long)m,
                (long long)m);
    for (double lambda : r.lambdas) {
        RunResult run;
        if (lambda == 0) {
            run = baseline;
        } else {
            TrainSpec t = o.train;
            t.l2_lambda = lambda;
            t.label = cat("L2 λ = ", lambda);
            run = train_run(s, o.big, t, env, env.seed);
        }
        std::printf("  λ = %-5g  train %.4f  dev %.4f  gap %5.1f points  dev cost %.3f\n", lambda,
                    run.train_eval_acc, run.dev_final_acc, 100 * run.gap(), run.dev_final_loss);
        r.runs.push_back(run);
    }
    for (std::size_t i = 1; i < r.runs.size(); ++i)
        if (r.runs[i].dev_final_acc > r.runs[r.best].dev_final_acc) r.best = int(i);
    r.halving = first_halving(r.runs);
    std::printf("Best dev accuracy: λ = %g (dev %.4f, gap %.1f points). The weakest λ that halves "
                "the gap: λ = %g (gap %.1f points, %.0f%% of %.1f; dev %.4f).\n", r.lambdas[r.best],
                r.runs[r.best].dev_final_acc, 100 * r.runs[r.best].gap(), r.lambdas[r.halving],
                100 * r.runs[r.halving].gap(), 100 * r.runs[r.halving].gap() / baseline.gap(),
                100 * baseline.gap(), r.runs[r.halving].dev_final_acc);

    // The cost's two terms for that λ, the L2 term by the exercise.
    r.data_cost = r.runs[r.halving].train_eval_loss;
    r.l2_cost = exercises::l2_cost(weights(*r.runs[r.halving].net), r.lambdas[r.halving], m);
    std::printf("Its cost on the training set: J = cross-entropy %.4f + (λ/2m)·Σ‖W‖² %.4f "
                "(your l2_cost) = %.4f.\n", r.data_cost, r.l2_cost, r.data_cost + r.l2_cost);

    // Weight decay as the decoupled update. For gradient descent,
    //   L2:     w ← w − α·(dw + (λ/m)·w)
    //   decay:  w ← (1 − α·λ')·w − α·dw
    // are the same update when λ' = λ/m. Adam divides the L2 term by √ŝ like the rest of the
    // gradient; AdamW (decoupled) does not. 100 steps on the real network show both facts.
    {
        auto steps = [&](nn::OptimizerKind kind, bool coupled, double coeff) {
            Rng init(env.seed);
            auto model = build_mlp(o.big, s.train.features(), s.train.classes, 64,
                                   {env.device, DType::F32}, init);
            nn::OptimizerSettings os;
            os.weight_decay = coupled ? 0.0 : coeff;
            auto opt = nn::make_optimizer(kind, model->params(), kind == nn::OptimizerKind::SGD ? 0.1 : 0.001, os);
            if (coupled) opt->set_l2(coeff);
            nn::SoftmaxCrossEntropy loss;
            loss.reserve(model->output_shape(64), model->context());
            Tensor X(s.train_src->input_shape(64), DType::F32, env.device);
            Tensor Y(s.train_src->target_shape(64), DType::F32, env.device);
            std::vector<int32_t> ord(static_cast<std::size_t>(m));
            std::iota(ord.begin(), ord.end(), 0);
            const DeviceArray<int32_t> order(ord, env.device);
            for (int k = 0; k < 100; ++k) {
                s.train_src->gather(order, (k * 64) % (m - 64), X, Y);
                model->zero_grad();
                loss.forward(model->forward(X, {true, uint64_t(k), 1}), Y);
                model->backward(loss.dZ());
                if (!coupled && kind == nn::OptimizerKind::SGD) {
                    // SGD has no decay of its own: shrink the decayed weights first,
                    // w ← (1 − α·λ')·w, then the plain step w ← w − α·dw.
                    for (const auto& seg : model->params().segments())
                        if (seg.decay) {
                            Tensor w = model->params().values().slice_cols(seg.begin, seg.end);
                            scale(w, 1.0 - 0.1 * coeff);
                        }
                }
                opt->step();
            }
            return model->params().values().values();
        };
        auto max_diff = [](const std::vector<double>& a, const std::vector<double>& b) {
            double d = 0;
            for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
            return d;
        };
        const double c = r.lambdas[r.halving] / double(m);
        r.sgd_l2_vs_decay = max_diff(steps(nn::OptimizerKind::SGD, true, c),
                                     steps(nn::OptimizerKind::SGD, false, c));
        r.adam_l2_vs_adamw = max_diff(steps(nn::OptimizerKind::Adam, true, c),
                                      steps(nn::OptimizerKind::AdamW, false, c));
        std::printf("100 steps with λ/m = %.3g: SGD with the L2 term vs SGD with decoupled decay: "
                    "largest weight difference %.1e (float32 rounding: the same update); Adam with "
                    "L2 vs AdamW: %.1e (not the same).\n", c, r.sgd_l2_vs_decay, r.adam_l2_vs_adamw);
    }
    {
        TrainSpec t = o.train;
        t.optimizer = nn::OptimizerKind::Adam;
        t.lr = 0.001;
        t.l2_lambda = r.lambdas[r.halving];
        t.label = "Adam + L2";
        r.adam_l2 = train_run(s, o.big, t, env, env.seed);
        t.l2_lambda = 0;
        t.optimizer = nn::OptimizerKind::AdamW;
        t.weight_decay = kAdamWDecay;
        t.label = "AdamW";
        r.adamw = train_run(s, o.big, t, env, env.seed);
        std::printf("On the setup with Adam (α = 0.001): the L2 term (λ = %g) gives train %.4f, "
                    "dev %.4f, gap %.1f points; AdamW's decoupled decay (λ = %g) train %.4f, dev "
                    "%.4f, gap %.1f points.\n", r.lambdas[r.halving], r.adam_l2.train_eval_acc,
                    r.adam_l2.dev_final_acc, 100 * r.adam_l2.gap(), t.weight_decay,
                    r.adamw.train_eval_acc, r.adamw.dev_final_acc, 100 * r.adamw.gap());
    }

    std::vector<double> lam, tr, dv;
    for (std::size_t i = 0; i < r.runs.size(); ++i) {
        lam.push_back(r.lambdas[i]);
        tr.push_back(r.runs[i].train_eval_acc);
        dv.push_back(r.runs[i].dev_final_acc);
    }
    SvgPlot sweep("Accuracy after training, by λ", "λ", "accuracy");
    sweep.line(lam, tr, "training").line(lam, dv, "dev", true);
    std::vector<double> ep(baseline.dev_acc.size());
    std::iota(ep.begin(), ep.end(), 1.0);
    SvgPlot curves("Dev accuracy per epoch", "epoch", "dev accuracy");
    for (std::size_t i = 0; i < r.runs.size(); ++i)
        curves.line(ep, r.runs[i].dev_acc, cat("λ = ", r.lambdas[i]), i == 0);
    save_svg_grid({sweep, curves}, 2, "L2 regularization on the overfitting setup",
                  figure(env, "l2_sweep.svg"));
    return r;
}

Json to_json(const L2Report& r) {
    Json j = Json::object();
    j["gradcheck_max_rel_error"] = r.gradcheck;
    j["lambdas"] = r.lambdas;
    Json runs = Json::array();
    for (const auto& run : r.runs) runs.push_back(to_json(run));
    j["runs"] = runs;
    j["best_dev_lambda"] = r.lambdas[r.best];
    j["halving_lambda"] = r.lambdas[r.halving];
    j["halving"] = to_json(r.runs[r.halving]);
    j["cost_cross_entropy"] = r.data_cost;
    j["cost_l2_term"] = r.l2_cost;
    j["exercise_gradient_max_diff"] = r.exercise_gradient_error;
    j["sgd_l2_vs_decay_max_diff"] = r.sgd_l2_vs_decay;
    j["adam_l2_vs_adamw_max_diff"] = r.adam_l2_vs_adamw;
    j["adam_l2"] = to_json(r.adam_l2);
    j["adamw"] = to_json(r.adamw);
    return j;
}

}  // namespace ch05
