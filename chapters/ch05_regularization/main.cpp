/// @file main.cpp
/// @brief Chapter 5: regularization (正则化) and optimization, section by section as lecture 004
/// orders them.
///
///  1. train/dev/test and bias/variance: a large MLP on 1,000 Fashion-MNIST images overfits, a
///     tiny one underfits; the lecture's four diagnoses;
///  2. L2 regularization: the cost term, the gradient term, a λ sweep, decoupled weight decay;
///  3. dropout: inverted and textbook scaling, agreeing in expectation; a keep_prob sweep;
///  4. data augmentation and early stopping;
///  5. input normalization: cost contours and gradient-descent steps on a 2-D regression;
///  6. vanishing and exploding gradients in a 50-layer network;
///  7. mini-batch size 1, 64 and the whole set: noise and time;
///  8. exponentially weighted averages with and without bias correction;
///  9. gradient descent, momentum, Adagrad, RMSprop, Adam and learning-rate decay on 2-D
///     functions, and the lecture's "moons" comparison;
/// 10. batch normalization: a deep sigmoid network with and without it;
/// 11. the best regularized MLP on all of Fashion-MNIST.
///
///     ch05_regularization [--sections LIST] [--subset N] [--data fashion|none|PATH]
///                         [--device cpu|cuda] [--quick] [--json]
#include <omp.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "core/device.hpp"
#include "data/fashion_mnist.hpp"
#include "io/json.hpp"
#include "io/png.hpp"
#include "overfitting.hpp"
#include "sections.hpp"

namespace {

const std::vector<std::string> kSections = {"bias",      "l2",    "dropout",    "augment",
                                             "normalize", "gradients", "minibatch",
                                             "ewma",      "optimizers", "moons",
                                             "batchnorm", "best"};

std::set<std::string> parse_sections(const std::string& text) {
    std::string list;
    for (const auto& s : kSections) list += (list.empty() ? "" : ", ") + s;
    if (text == "all") return {kSections.begin(), kSections.end()};
    std::set<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        bool known = false;
        for (const auto& s : kSections) known = known || s == item;
        if (!known)
            throw dl::UsageError(dl::cat("--sections: unknown section '", item, "': expected all "
                                         "or a comma-separated list of ", list));
        out.insert(item);
    }
    if (out.empty()) throw dl::UsageError(dl::cat("--sections: expected all or a list of ", list));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    return dl::run_main("ch05_regularization", [&] {
        dl::CommonOptions opts;
        opts.epochs = 30;
        opts.lr = 0.001;
        opts.out = "figures/ch05";
        opts.data = "fashion";
        std::string sections_text = "all";
        int subset = 1000, threads = 0, moons_epochs = 5000;
        double keep_prob = 0.7;

        dl::ArgParser args("ch05_regularization",
                           "Chapter 5: regularization and optimizers — bias and variance, L2, "
                           "dropout, data augmentation, early stopping, input normalization, "
                           "vanishing gradients, mini-batches, exponentially weighted averages, "
                           "momentum, RMSprop, Adam, learning-rate decay, batch normalization.");
        args.add_common(opts);
        args.add_string("--sections", "sections to run, comma-separated: all, or bias, l2, "
                        "dropout, augment, normalize, gradients, minibatch, ewma, optimizers, "
                        "moons, batchnorm, best", &sections_text);
        args.add_int("--subset", "training images of the overfitting setup (sections 1-4)",
                     &subset, 50);
        args.add_int("--moons-epochs", "epochs of the moons comparison (the assignment's 5000)",
                     &moons_epochs, 1);
        args.add_double("--keep-prob", "dropout keep_prob of the best network (section 11; "
                        "--epochs and --lr are its epochs and Adam's α₀)", &keep_prob, true);
        args.add_int("--threads", "CPU threads (Eigen and OpenMP); 0: 1 with --quick (its small "
                     "matrices gain nothing from a second thread), else 2", &threads, 0);
        args.add_epilog(
            "--data: fashion (Fashion-MNIST from /usr/share/datasets/fashion-mnist, default;\n"
            "`./course data` installs it), a folder holding its four IDX files, or none (run only\n"
            "the sections that need no images). Without Fashion-MNIST the image sections are\n"
            "skipped with a note and the others still run.\n"
            "\nTry: --sections dropout --subset 500;  --sections l2 --quick\n");
        if (!args.parse(argc, argv)) return 0;
        const std::set<std::string> sections = parse_sections(sections_text);
        if (keep_prob > 1)
            throw dl::UsageError(dl::cat("--keep-prob: expected a probability in (0, 1], got '",
                                         keep_prob, "'"));
        auto on = [&](const char* s) { return sections.count(s) > 0; };

        if (threads == 0) threads = opts.quick ? 1 : 2;
        dl::require_device(opts.device);
        dl::ensure_writable_dir(opts.out);
        Eigen::setNbThreads(threads);
        omp_set_num_threads(threads);

        ch05::Env env;
        env.seed = opts.seed;
        env.quick = opts.quick;
        env.device = opts.device;
        env.out = opts.out;
        env.progress = dl::progress_enabled(opts.json);
        if (opts.data != "none") {
            try {
                env.fashion_dir = dl::find_fashion_mnist(opts.data == "fashion" ? "" : opts.data);
                env.have_fashion = true;
            } catch (const dl::Error& e) {
                if (opts.data != "fashion") throw;  // a folder the user named must be right
                std::printf("Note: %s\n", e.what());
            }
        }

        dl::Json json = dl::Json::object();
        json["chapter"] = 5;
        json["device"] = dl::device_name(opts.device);
        json["seed"] = opts.seed;
        json["quick"] = opts.quick;
        json["fashion_mnist"] = env.have_fashion;
        dl::Json targets = dl::Json::object();
        std::printf("Chapter 5: regularization and optimizers (seed %llu, %d thread%s%s)\n",
                    (unsigned long long)opts.seed, threads, threads == 1 ? "" : "s",
                    opts.quick ? ", quick" : "");
        std::string result;

        if (on("bias") || on("l2") || on("dropout") || on("augment")) {
            if (!env.have_fashion) {
                ch05::say_skipped(env, "Sections 1-4", {"bias_variance.svg", "l2_sweep.svg",
                                                        "dropout_sweep.svg", "augment_early.svg"});
                if (on("augment"))  // a blank image where the augmented samples would be
                    dl::write_png(ch05::figure(env, "augmented.png"),
                                  std::vector<uint8_t>(16 * 16, 230), 16, 16, 1);
            } else {
                const int64_t n = opts.quick && subset == 1000 ? 500 : subset;
                const auto split = ch05::fashion_split(env, n, n, 500, opts.seed);
                const ch05::Overfit o = ch05::overfit_setup(env);
                const ch05::BiasVarianceReport bv = ch05::run_bias_variance(*split, o, env);
                json["bias_variance"] = ch05::to_json(bv);
                targets["overfit_gap"] = bv.big.gap();
                targets["overfit_dev_accuracy"] = bv.big.dev_final_acc;
                result += dl::cat("overfitting gap ", std::lround(1000 * bv.big.gap()) / 10.0,
                                  " points (dev ", bv.big.dev_final_acc, ")");
                if (on("l2")) {
                    const ch05::L2Report l2 = ch05::run_l2(*split, o, bv.big, env);
                    json["l2"] = ch05::to_json(l2);
                    const ch05::RunResult& h = l2.runs[l2.halving];
                    targets["l2_lambda"] = l2.lambdas[l2.halving];
                    targets["l2_gap"] = h.gap();
                    targets["l2_dev_accuracy"] = h.dev_final_acc;
                    targets["gradcheck_l2"] = l2.gradcheck;
                    result += dl::cat(", L2 ", std::lround(1000 * h.gap()) / 10.0, " (dev ",
                                      h.dev_final_acc, ")");
                }
                if (on("dropout")) {
                    const ch05::DropoutReport d = ch05::run_dropout(*split, o, bv.big, env);
                    json["dropout"] = ch05::to_json(d);
                    const ch05::RunResult& h = d.runs[d.halving];
                    targets["dropout_keep_prob"] = d.keep_probs[d.halving];
                    targets["dropout_gap"] = h.gap();
                    targets["dropout_dev_accuracy"] = h.dev_final_acc;
                    targets["gradcheck_dropout"] = d.gradcheck;
                    result += dl::cat(", dropout ", std::lround(1000 * h.gap()) / 10.0, " (dev ",
                                      h.dev_final_acc, ")");
                }
                if (on("augment")) {
                    const ch05::AugmentEarlyReport a = ch05::run_augment_early(*split, o, bv.big, env);
                    json["augment_early"] = ch05::to_json(a);
                }
            }
        }
        if (on("normalize")) json["normalization"] = ch05::to_json(ch05::run_normalization(env));
        if (on("gradients")) json["gradients"] = ch05::to_json(ch05::run_gradients(env));
        if (on("minibatch")) json["minibatch"] = ch05::to_json(ch05::run_minibatch(env));
        if (on("ewma")) json["ewma"] = ch05::to_json(ch05::run_ewma(env));
        if (on("optimizers")) json["optimizers"] = ch05::to_json(ch05::run_optimizers(env));
        if (on("moons")) {
            const int epochs = opts.quick && moons_epochs == 5000 ? 2000 : moons_epochs;
            const ch05::MoonsReport m = ch05::run_moons(env, epochs, true);
            json["moons"] = ch05::to_json(m);
            targets["moons_gd"] = m.accuracy("gradient descent");
            targets["moons_momentum"] = m.accuracy("momentum");
            targets["moons_adam"] = m.accuracy("Adam");
            result += dl::cat(result.empty() ? "" : "; ", "moons: Adam ", m.accuracy("Adam"),
                              ", GD ", m.accuracy("gradient descent"));
        }
        if (on("batchnorm")) {
            const ch05::BatchNormReport b = ch05::run_batchnorm(env);
            json["batchnorm"] = ch05::to_json(b);
            targets["gradcheck_batchnorm"] = b.gradcheck;
            if (b.target > 0) {
                targets["bn_target"] = b.target;
                targets["bn_epochs"] = b.epochs_bn;
                targets["plain_epochs"] = b.epochs_plain;
                result += dl::cat(result.empty() ? "" : "; ", "dev ", b.target, " in ", b.epochs_bn,
                                  " epochs with batch norm, ",
                                  b.epochs_plain ? dl::cat(b.epochs_plain) : dl::cat("> ", b.budget),
                                  " without");
            }
        }
        if (on("best")) {
            if (!env.have_fashion) {
                ch05::say_skipped(env, "Section 11", {"best_mlp.svg"});
            } else {
                const ch05::BestReport b = ch05::run_best(env, opts.quick ? 3 : opts.epochs, opts.lr, keep_prob);
                json["best"] = ch05::to_json(b);
                targets["best_test_accuracy"] = b.run.test_acc;
                targets["best_epochs"] = b.run.epochs;
                targets["best_seconds"] = b.run.seconds;
                result += dl::cat(result.empty() ? "" : "; ", "best MLP test ", b.run.test_acc,
                                  " (", b.run.epochs, " epochs, ", std::lround(b.run.seconds), " s)");
            }
        }
        json["targets"] = targets;
        std::printf("Figures in %s/.\n", opts.out.c_str());
        if (opts.json) {
            std::cout << json.dump() << std::endl;
        } else {
            std::printf("Result: %s\n", result.empty() ? "(no section ran)" : result.c_str());
        }
        return 0;
    });
}
