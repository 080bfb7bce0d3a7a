/// @file dropout_section.cpp
/// @brief Section 3: dropout (随机失活) — your inverted dropout next to the library's layer, the
/// two scalings agreeing in expectation, a gradient check through a fixed mask, the textbook
/// "multiply the weights by p at test time", and a keep_prob sweep on the overfitting setup.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/philox.hpp"
#include "exercises/ch05.hpp"
#include "io/svg_plot.hpp"
#include "kernels/axpby.hpp"
#include "nn/activation_layer.hpp"
#include "nn/dense.hpp"
#include "nn/dropout.hpp"
#include "nn/gradcheck.hpp"
#include "nn/loss.hpp"
#include "nn/sequential.hpp"
#include "overfitting.hpp"

namespace ch05 {

using namespace dl;

namespace {

MatrixD to_matrix(const Tensor& t) {
    const auto v = t.values();
    return Eigen::Map<const MatrixD>(v.data(), t.rows(), t.cols());
}

/// The uniforms u behind a mask: the same Philox bits the dropout kernel compares with its
/// threshold, as numbers in [0, 1) (bits/2³² compared with keep_prob is the kernel's test).
MatrixD uniforms(int64_t rows, int64_t cols, const nn::Pass& pass, uint32_t layer) {
    MatrixD U(rows, cols);
    for (int64_t i = 0; i < rows * cols; ++i)
        U.data()[i] = double(philox_bits(pass.seed, pass.step, layer, uint64_t(i))) / 4294967296.0;
    return U;
}

}  // namespace

DropoutReport run_dropout(const Split& s, const Overfit& o, const RunResult& baseline,
                          const Env& env) {
    std::printf("\n== 3. Dropout ==\n");
    DropoutReport r;
    const double p = 0.8;

    // Your dropout and the library's layer on the same activations and the same random numbers.
    {
        nn::Dropout layer(p);
        layer.set_name("dropout1");
        nn::ParamStore ps;
        const Shape shape = Shape::matrix(5, 8);
        const nn::Context f64{Device::CPU, DType::F64};
        ps.allocate(f64);
        layer.reserve(shape, f64);
        Rng rng(env.seed);
        Tensor A(shape, DType::F64), Y(shape, DType::F64);
        rng.fill_normal(A);
        const nn::Pass pass{true, 7, env.seed};
        layer.forward(A, Y, pass);
        MatrixD D;
        const MatrixD mine = exercises::dropout_forward(to_matrix(A), uniforms(5, 8, pass, layer.layer_id()), p, D);
        r.exercise_vs_layer = (mine - to_matrix(Y)).cwiseAbs().maxCoeff();
        Tensor dY(shape, DType::F64), dA(shape, DType::F64);
        rng.fill_normal(dY);
        layer.backward(A, Y, dY, &dA);
        r.exercise_backward_error =
            (exercises::dropout_backward(to_matrix(dY), D, p) - to_matrix(dA)).cwiseAbs().maxCoeff();
        std::printf("Your dropout_forward and dropout_backward against nn::Dropout on a 5 x 8 "
                    "batch, same random numbers, keep_prob %.1f: largest differences %.1e and %.1e.\n",
                    p, r.exercise_vs_layer, r.exercise_backward_error);
        std::printf("The mask kept %d of 40 units:\n", int(D.sum()));
        for (int i = 0; i < 5; ++i) {
            std::printf("  ");
            for (int j = 0; j < 8; ++j) std::printf("%c", D(i, j) > 0 ? '#' : '.');
            std::printf("\n");
        }

        // In expectation: the average of A_drop over 10,000 masks is A (inverted), and the
        // average of A ⊙ D is p·A (the textbook form, which multiplies by p at test time).
        const int n = env.quick ? 2000 : 10000;
        const MatrixD Am = to_matrix(A);
        MatrixD sum_inv = MatrixD::Zero(5, 8), sum_txt = MatrixD::Zero(5, 8);
        for (int k = 0; k < n; ++k) {
            MatrixD Dk;
            sum_inv += exercises::dropout_forward(Am, uniforms(5, 8, {true, uint64_t(k), env.seed}, 1), p, Dk);
            sum_txt += Am.cwiseProduct(Dk);
        }
        r.inverted_mean_error = (sum_inv / n - Am).norm() / Am.norm();
        r.textbook_mean_error = (sum_txt / n - p * Am).norm() / (p * Am).norm();
        std::printf("Over %d masks: ‖mean(A ⊙ D/p) − A‖/‖A‖ = %.4f (inverted: test time uses A), "
                    "‖mean(A ⊙ D) − p·A‖/‖p·A‖ = %.4f (textbook: test time uses p·A). Both shrink "
                    "as 1/√n.\n", n, r.inverted_mean_error, r.textbook_mean_error);
    }

    // A gradient check through dropout: the mask is fixed by (seed, step), so J is a function.
    {
        nn::Sequential net;
        net.add<nn::Dense>(6);
        net.add<nn::ActivationLayer>(Activation::ReLU);
        net.add<nn::Dropout>(0.5);
        net.add<nn::Dense>(4);
        const nn::GradCheckResult gc = nn::gradcheck_layer(net, Shape::matrix(5, 9), env.seed, {true, 3, env.seed});
        r.gradcheck = gc.max_rel_error;
        std::printf("Gradient check of Dense-ReLU-Dropout(0.5)-Dense with the mask of step 3: "
                    "relative error %.1e (the lecture turns dropout off to check gradients; a "
                    "mask keyed by the step lets it stay on).\n", r.gradcheck);
    }

    // keep_prob sweep on the overfitting setup (dropout after each hidden layer).
    r.keep_probs = env.quick ? std::vector<double>{1.0, 0.5, 0.25}
                             : std::vector<double>{1.0, 0.8, 0.6, 0.5, 0.4, 0.3};
    std::printf("keep_prob sweep (dropout after each hidden ReLU, inverted):\n");
    for (double kp : r.keep_probs) {
        RunResult run;
        if (kp == 1.0) {
            run = baseline;
        } else {
            MlpSpec spec = o.big;
            spec.keep_prob = kp;
            TrainSpec t = o.train;
            t.label = cat("dropout keep_prob ", kp);
            run = train_run(s, spec, t, env, env.seed);
        }
        std::printf("  keep_prob %-4g train %.4f  dev %.4f  gap %5.1f points  dev cost %.3f\n", kp,
                    run.train_eval_acc, run.dev_final_acc, 100 * run.gap(), run.dev_final_loss);
        r.runs.push_back(run);
    }
    for (std::size_t i = 1; i < r.runs.size(); ++i)
        if (r.runs[i].dev_final_acc > r.runs[r.best].dev_final_acc) r.best = int(i);
    r.halving = first_halving(r.runs);
    std::printf("Best dev accuracy: keep_prob %g (dev %.4f, gap %.1f points). The largest "
                "keep_prob that halves the gap: %g (gap %.1f points, %.0f%% of %.1f; dev %.4f).\n",
                r.keep_probs[r.best], r.runs[r.best].dev_final_acc, 100 * r.runs[r.best].gap(),
                r.keep_probs[r.halving], 100 * r.runs[r.halving].gap(),
                100 * r.runs[r.halving].gap() / baseline.gap(), 100 * baseline.gap(),
                r.runs[r.halving].dev_final_acc);

    // The textbook form: train with y = x ⊙ d, test with the weights after each dropout
    // multiplied by p. The network without dropout layers and with p·W computes the same.
    {
        MlpSpec spec = o.big;
        spec.keep_prob = r.keep_probs[r.halving];
        spec.textbook_dropout = true;
        TrainSpec t = o.train;
        t.label = "textbook dropout";
        r.textbook = train_run(s, spec, t, env, env.seed);
        MlpSpec plain = o.big;
        Rng init(0);
        auto net = build_mlp(plain, s.train.features(), s.train.classes, 64,
                             {env.device, DType::F32}, init);
        for (const auto& prm : net->params().params()) {
            const nn::Param& src = r.textbook.net->params().param(prm->name);
            prm->value.copy_from(src.value);
            if (prm->decay && prm->name != "dense1.W") scale(prm->value, spec.keep_prob);  // p·W
        }
        Tensor X(s.dev_src->input_shape(64), DType::F32, env.device);
        Tensor Y(s.dev_src->target_shape(64), DType::F32, env.device);
        std::vector<int32_t> ord(64);
        std::iota(ord.begin(), ord.end(), 0);
        s.dev_src->gather(DeviceArray<int32_t>(ord, env.device), 0, X, Y);
        const auto a = r.textbook.net->forward(X, {false}).values();
        const auto b = net->forward(X, {false}).values();
        double worst = 0, big = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            worst = std::max(worst, std::abs(a[i] - b[i]));
            big = std::max(big, std::abs(a[i]));
        }
        r.weight_scaling_error = worst / big;
        std::printf("Textbook dropout (keep_prob %g, ×p at test time): train %.4f, dev %.4f "
                    "(inverted: dev %.4f). Its test-time output equals the plain network's with "
                    "W[l] ← p·W[l] after each dropout layer to %.1e (relative): \"multiply the "
                    "weights by p\".\n", spec.keep_prob, r.textbook.train_eval_acc,
                    r.textbook.dev_final_acc, r.runs[r.halving].dev_final_acc, r.weight_scaling_error);
    }

    std::vector<double> kp, tr, dv;
    for (std::size_t i = 0; i < r.runs.size(); ++i) {
        kp.push_back(r.keep_probs[i]);
        tr.push_back(r.runs[i].train_eval_acc);
        dv.push_back(r.runs[i].dev_final_acc);
    }
    SvgPlot sweep("Accuracy after training, by keep_prob", "keep_prob", "accuracy");
    sweep.line(kp, tr, "training").line(kp, dv, "dev", true);
    std::vector<double> ep(baseline.dev_acc.size());
    std::iota(ep.begin(), ep.end(), 1.0);
    SvgPlot curves("Dev accuracy per epoch", "epoch", "dev accuracy");
    for (std::size_t i = 0; i < r.runs.size(); ++i)
        curves.line(ep, r.runs[i].dev_acc, cat("keep_prob ", r.keep_probs[i]), i == 0);
    save_svg_grid({sweep, curves}, 2, "Dropout on the overfitting setup",
                  figure(env, "dropout_sweep.svg"));
    return r;
}

Json to_json(const DropoutReport& r) {
    Json j = Json::object();
    j["exercise_vs_layer_max_diff"] = r.exercise_vs_layer;
    j["exercise_backward_max_diff"] = r.exercise_backward_error;
    j["inverted_mean_rel_error"] = r.inverted_mean_error;
    j["textbook_mean_rel_error"] = r.textbook_mean_error;
    j["gradcheck_max_rel_error"] = r.gradcheck;
    j["keep_probs"] = r.keep_probs;
    Json runs = Json::array();
    for (const auto& run : r.runs) runs.push_back(to_json(run));
    j["runs"] = runs;
    j["best_dev_keep_prob"] = r.keep_probs[r.best];
    j["halving_keep_prob"] = r.keep_probs[r.halving];
    j["halving"] = to_json(r.runs[r.halving]);
    j["textbook"] = to_json(r.textbook);
    j["textbook_weight_scaling_rel_error"] = r.weight_scaling_error;
    return j;
}

}  // namespace ch05
