/// @file main.cpp
/// @brief Chapter 2: logistic regression (逻辑回归) and softmax regression.
///
/// Sections, as in the lecture: the one-variable advertising example; logistic regression on
/// Breast Cancer Wisconsin (stratified 80/20 split, standardisation with training statistics,
/// cost curve, confusion matrix, precision/recall/F1); a decision boundary over two features;
/// the computation graph of one sample; the stable loss at logits of ±1000; softmax regression
/// on the 8x8 digits.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "advertising.hpp"
#include "cli/args.hpp"
#include "exercises/linked.hpp"
#include "cli/progress.hpp"
#include "computation_graph.hpp"
#include "core/eigen_view.hpp"
#include "data/breast_cancer.hpp"
#include "data/digits.hpp"
#include "io/json.hpp"
#include "io/atomic_file.hpp"
#include "io/history.hpp"
#include "io/finite_results.hpp"
#include "io/svg_plot.hpp"
#include "kernels/bce.hpp"
#include "logistic.hpp"
#include "classification_metrics.hpp"
#include "softmax_regression.hpp"

namespace {

std::string fixed(double v, int digits = 4) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(digits) << v;
    return os.str();
}

dl::MatrixD to_double(const dl::Tensor& X) { return dl::to_eigen<double>(X); }

dl::Json confusion_json(const ch02::Confusion& c) {
    dl::Json rows = dl::Json::array();
    for (const auto& r : c.counts) rows.push_back(dl::Json(std::vector<long long>(r.begin(), r.end())));
    return rows;
}

}  // namespace

int main(int argc, char** argv) {
    return dl::run_main("ch02_logistic_regression", [&] {
        dl::CommonOptions opts;
        opts.epochs = 1000;  // gradient-descent iterations of logistic regression
        opts.lr = 0.5;
        opts.out = "figures/ch02";
        int softmax_epochs = 60;
        double softmax_lr = 0.1;
        int batch = 64;
        std::string digits_path;
        dl::ArgParser args("ch02_logistic_regression",
                           "Chapter 2: logistic regression on Breast Cancer Wisconsin (cost, "
                           "gradient descent,\nprecision/recall/F1, decision boundary, "
                           "computation graph) and softmax regression on\nthe 8x8 digits.");
        args.add_common(opts);
        args.add_int("--softmax-epochs", "passes over the digits for softmax regression",
                     &softmax_epochs, 1);
        dl::RealRange softmax_lr_range;
        softmax_lr_range.positive = true;
        softmax_lr_range.as_float = true;  // the softmax kernels compute in float
        args.add_double("--softmax-lr", "learning rate of softmax regression", &softmax_lr,
                        softmax_lr_range);
        args.add_int("--batch", "mini-batch size of softmax regression", &batch, 1);
        args.add_string("--digits", "path of the digits file (default datasets/digits.csv.gz)",
                        &digits_path);
        args.add_epilog(
            "--epochs counts the batch gradient-descent iterations of logistic regression;\n"
            "--data FILE replaces datasets/breast_cancer.csv (same format).\n"
            "\nTry:\n"
            "  ch02_logistic_regression --lr 5      too large a step: the cost curve oscillates\n"
            "  ch02_logistic_regression --epochs 20 stopped early: lower accuracy\n"
            "  ch02_logistic_regression --seed 3    another split of the data\n");
        if (!args.parse(argc, argv)) return 0;
        if (opts.quick) {
            opts.epochs = std::min(opts.epochs, 500);
            softmax_epochs = std::min(softmax_epochs, 30);
        }
        dl::require_device(opts.device);
        dl::ensure_writable_dir(opts.out);
        const std::string bc_path =
            opts.data.empty() ? dl::find_dataset_file("breast_cancer.csv") : opts.data;
        if (digits_path.empty()) digits_path = dl::find_dataset_file("digits.csv.gz");
        const bool progress = dl::progress_enabled(opts.json);

        dl::Json json = dl::Json::object();
        json["chapter"] = 2;
        json["device"] = dl::device_name(opts.device);
        json["seed"] = opts.seed;
        std::vector<std::string> figures;

        std::cout << "Chapter 2: logistic regression (device " << dl::device_name(opts.device)
                  << ", seed " << opts.seed << ")\n"
                  << "Exercises: " << dl::exercises::linked() << "\n\n";

        // ---- 1. The one-variable example -------------------------------------------------
        std::cout << "1. One feature: advertising spend x -> bought (y = 1) or not (y = 0)\n";
        const std::string ad_svg = dl::join_path(opts.out, "advertising_sigmoid.svg");
        const ch02::AdvertisingResult ad =
            ch02::advertising_example(60, opts.seed, 0.5, opts.quick ? 1000 : 3000, ad_svg);
        std::cout << "   " << ad.m << " generated customers; fitted y_hat = sigma(w*x + b) with w = "
                  << fixed(ad.model.w(0), 3) << ", b = " << fixed(ad.model.b, 3)
                  << "\n   decision point x = -b/w = " << fixed(-ad.model.b / ad.model.w(0), 2)
                  << " (generated around 5), training accuracy " << fixed(ad.accuracy, 3)
                  << "\n   Figure: " << ad_svg << "\n\n";
        figures.push_back(ad_svg);

        // ---- 2. Breast Cancer Wisconsin ----------------------------------------------------
        const dl::Dataset bc = dl::load_breast_cancer(bc_path);
        dl::Rng split_rng(opts.seed);
        auto [train, test] = dl::stratified_split(bc, 0.2, split_rng);
        const dl::Standardizer stdz = dl::Standardizer::fit(train.X);
        stdz.apply(train.X);
        stdz.apply(test.X);
        std::cout << "2. Breast Cancer Wisconsin: " << bc.samples() << " samples x "
                  << bc.features() << " features (" << bc.class_names[0] << " = 0, "
                  << bc.class_names[1] << " = 1)\n   stratified split: " << train.samples()
                  << " training / " << test.samples()
                  << " test; features standardised with the training mean and deviation only\n";
        const dl::MatrixD Xtr = to_double(train.X), Xte = to_double(test.X);
        const dl::MatrixD Ytr = ch02::label_matrix(train.y), Yte = ch02::label_matrix(test.y);
        ch02::TrainLog log;
        const ch02::LogisticModel model =
            ch02::train_logistic(Xtr, Ytr, opts.lr, opts.epochs, &log, Xte, Yte);
        std::cout << "   batch gradient descent, alpha = " << opts.lr << ", " << opts.epochs
                  << " iterations: J " << fixed(log.train_cost.front()) << " -> "
                  << fixed(log.train_cost.back()) << " (test J " << fixed(log.test_cost.back())
                  << ")\n";
        const ch02::Confusion conf(2, test.y, model.predict(Xte));
        // The positive class is malignant (label 0): precision = of the tumours called
        // malignant, how many are; recall = of the malignant tumours, how many were found.
        const int positive = 0;
        std::cout << "   test confusion matrix (rows: true class, columns: predicted):\n"
                  << conf.table(bc.class_names) << "   test accuracy " << fixed(conf.accuracy())
                  << "; positive class '" << bc.class_names[positive] << "': precision "
                  << fixed(conf.precision(positive)) << ", recall " << fixed(conf.recall(positive))
                  << ", F1 " << fixed(conf.f1(positive)) << "\n";
        // The cost per iteration goes to a JSON-lines file, and the figure is drawn from it.
        dl::History lh(dl::join_path(opts.out, "logistic_history.jsonl"));
        for (std::size_t i = 0; i < log.train_cost.size(); ++i)
            lh.add({{"iteration", i + 1}, {"train_cost", log.train_cost[i]},
                    {"test_cost", log.test_cost[i]}});
        lh.save();
        const std::string cost_svg = dl::join_path(opts.out, "cost_curve.svg");
        dl::SvgPlot cost_plot("Cost J during gradient descent (Breast Cancer)", "iteration", "J");
        cost_plot.line(lh.column("iteration"), lh.column("train_cost"), "training set")
            .line(lh.column("iteration"), lh.column("test_cost"), "test set", true);
        cost_plot.log_y().save(cost_svg);
        std::cout << "   Figure: " << cost_svg << "\n\n";
        figures.push_back(cost_svg);
        json["test_accuracy"] = conf.accuracy();
        json["precision"] = conf.precision(positive);
        json["recall"] = conf.recall(positive);
        json["f1"] = conf.f1(positive);
        json["positive_class"] = bc.class_names[positive];
        json["confusion_matrix"] = confusion_json(conf);
        json["final_cost"] = log.train_cost.back();

        // ---- 3. A decision boundary over two features --------------------------------------
        const int f1i = 20, f2i = 27;  // worst radius, worst concave points
        auto two = [&](const dl::MatrixD& X) {
            dl::MatrixD S(2, X.cols());
            S.row(0) = X.row(f1i);
            S.row(1) = X.row(f2i);
            return S;
        };
        const dl::MatrixD X2tr = two(Xtr), X2te = two(Xte);
        const ch02::LogisticModel m2 = ch02::train_logistic(X2tr, Ytr, opts.lr, opts.epochs);
        const ch02::Confusion conf2(2, test.y, m2.predict(X2te));
        std::cout << "3. Two features only (" << bc.feature_names[f1i] << ", "
                  << bc.feature_names[f2i] << "): w = (" << fixed(m2.w(0), 3) << ", "
                  << fixed(m2.w(1), 3) << "), b = " << fixed(m2.b, 3) << ", test accuracy "
                  << fixed(conf2.accuracy()) << "\n   the boundary is the line w1*x1 + w2*x2 + b = 0\n";
        std::vector<double> px, py;
        for (Eigen::Index j = 0; j < X2te.cols(); ++j) {
            px.push_back(X2te(0, j));
            py.push_back(X2te(1, j));
        }
        const std::string boundary_svg = dl::join_path(opts.out, "decision_boundary.svg");
        dl::SvgPlot bplot("Decision boundary on two features (test set)",
                          bc.feature_names[f1i] + " (standardised)",
                          bc.feature_names[f2i] + " (standardised)");
        bplot.set_x_range(-2.5, 4.5).set_y_range(-2.5, 4.0);
        bplot.regions([&](double x, double y) { return m2.w(0) * x + m2.w(1) * y + m2.b >= 0 ? 1 : 0; });
        bplot.scatter(px, py, test.y, bc.class_names);
        bplot.implicit_line(m2.w(0), m2.w(1), m2.b, "w1 x1 + w2 x2 + b = 0");
        bplot.save(boundary_svg);
        std::cout << "   Figure: " << boundary_svg << "\n\n";
        figures.push_back(boundary_svg);
        json["two_feature_test_accuracy"] = conf2.accuracy();

        // ---- 4. The computation graph of one sample -----------------------------------------
        const ch02::GraphValues g =
            ch02::computation_graph(X2te(0, 0), X2te(1, 0), m2.w(0), m2.w(1), m2.b, Yte(0, 0));
        std::cout << "4. Computation graph of the first test sample (two-feature model):\n"
                  << ch02::graph_text(g) << "\n";
        json["graph"]["z"] = g.z;
        json["graph"]["a"] = g.a;
        json["graph"]["L"] = g.L;
        json["graph"]["dz"] = g.dz;
        json["graph"]["dw1"] = g.dw1;
        json["graph"]["dw1_numeric"] = g.numeric_dw1;

        // ---- 5. Stable loss at extreme logits -----------------------------------------------
        {
            dl::Tensor Z = dl::Tensor::from_values(dl::Shape::row(4), {1000, -1000, 1000, -1000});
            dl::Tensor Y = dl::Tensor::from_values(dl::Shape::row(4), {1, 0, 0, 1});
            dl::Tensor A(Z.shape()), L(Z.shape()), dZ(Z.shape());
            dl::bce_with_logits(Z, Y, A, L, dZ);
            std::cout << "5. Numerically stable loss (z = 1000, -1000, 1000, -1000; y = 1, 0, 0, 1):\n"
                      << "   naive -[y log a + (1-y) log(1-a)] with float a = sigma(z):";
            for (int j = 0; j < 4; ++j) {
                const float a = A.data<float>()[j], y = Y.data<float>()[j];
                const float naive = -(y * std::log(a) + (1 - y) * std::log(1 - a));
                std::cout << " " << naive;
            }
            std::cout << "\n   stable softplus(z) - y*z from the logit:              ";
            for (double v : L.values()) std::cout << " " << v;
            std::cout << "\n   (nan = 0*log 0, inf = log 0; the stable form gives the exact 0 and 1000)\n\n";
            json["stable_loss_at_1000"] = L.values();
        }

        // ---- 6. Softmax regression on the digits --------------------------------------------
        const dl::Dataset digits = dl::load_digits(digits_path);
        dl::Rng drng(opts.seed + 1);
        auto [dtrain, dtest] = dl::stratified_split(digits, 0.2, drng);
        const dl::Standardizer dstd = dl::Standardizer::fit(dtrain.X);
        dstd.apply(dtrain.X);
        dstd.apply(dtest.X);
        std::cout << "6. Softmax regression on the 8x8 digits: " << digits.samples()
                  << " images, " << dtrain.samples() << " training / " << dtest.samples()
                  << " test, 10 classes\n";
        const ch02::SoftmaxResult sm =
            ch02::train_softmax(dtrain.X, dtrain.y, 10, softmax_lr, softmax_epochs, batch,
                                opts.seed, opts.device, progress);
        const ch02::Confusion dconf(10, dtest.y, ch02::predict_softmax(sm.model, dtest.X));
        std::cout << "   mini-batch gradient descent, alpha = " << softmax_lr << ", batch " << batch
                  << ", " << softmax_epochs << " epochs: J " << fixed(sm.train_cost.front())
                  << " -> " << fixed(sm.train_cost.back()) << "\n   test confusion matrix:\n"
                  << dconf.table(digits.class_names) << "   test accuracy "
                  << fixed(dconf.accuracy()) << "\n";
        const std::vector<double> p0 = ch02::softmax_probabilities(sm.model, dtest.X, 0);
        std::cout << "   first test image (a " << dtest.y[0] << "): softmax probabilities";
        for (double p : p0) std::cout << " " << fixed(p, 3);
        std::cout << "\n";
        dl::History sh(dl::join_path(opts.out, "softmax_history.jsonl"));
        for (std::size_t i = 0; i < sm.train_cost.size(); ++i)
            sh.add({{"epoch", i + 1}, {"train_cost", sm.train_cost[i]}});
        sh.save();
        const std::string smc_svg = dl::join_path(opts.out, "softmax_cost.svg");
        dl::SvgPlot(
            "Softmax regression on the digits: cost per epoch", "epoch", "J (cross-entropy)")
            .line(sh.column("epoch"), sh.column("train_cost"), "training set")
            .save(smc_svg);
        std::cout << "   Figure: " << smc_svg << "\n\n";
        figures.push_back(smc_svg);
        json["softmax_test_accuracy"] = dconf.accuracy();
        json["softmax_confusion_matrix"] = confusion_json(dconf);
        json["figures"] = figures;

        args.write_run_config(opts.out);
        // A diverged run (a cost or weight that overflowed) must not end with exit 0.
        dl::require_finite_results(json, dl::cat("is a learning rate too large? (--lr ", opts.lr,
                                                 ", --softmax-lr ", softmax_lr, ")"));
        std::cout << "Result: breast cancer test accuracy " << fixed(conf.accuracy(), 3)
                  << " (precision " << fixed(conf.precision(positive), 3) << ", recall "
                  << fixed(conf.recall(positive), 3) << ", F1 " << fixed(conf.f1(positive), 3)
                  << "); digits softmax test accuracy " << fixed(dconf.accuracy(), 3) << "\n";
        if (opts.json) std::cout << dl::json_line(json) << "\n";
        return 0;
    });
}
