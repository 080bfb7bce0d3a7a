/// @file main.cpp
/// @brief Chapter 4: shallow and deep multi-layer perceptrons (多层感知机).
///
/// The program follows the lecture section by section:
///  1. a shallow network on the non-linear "flower": logistic regression fails, one hidden layer
///     of tanh units succeeds; the decision regions for 1 … 50 hidden units;
///  2. sigmoid, tanh, ReLU and leaky ReLU compared on the same budget, and the gradient per
///     layer of a deep sigmoid, tanh and ReLU net (vanishing gradients);
///  3. zero, constant and random initialisation (symmetry);
///  4. universal approximation by sums of sigmoid steps; 4b. ReLU folds and the 2-3-2 network;
///  5. gradient checking of the deep network's backward pass (and a broken one);
///  6. the deep network [LINEAR→ReLU]×(L−1)→LINEAR→softmax on real images: the shipped 8x8
///     digits by default, Fashion-MNIST or MNIST with --data, trained with mini-batches.
///
///     ch04_mlp [--data digits|fashion|mnist|PATH] [--hidden 256,128] [--epochs N] [--lr X]
///              [--batch N] [--optimizer sgd|momentum|adam] [--save FILE] [--load FILE]
///              [--device cpu|cuda] [--quick] [--json]
#include <omp.h>

#include <Eigen/Core>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include "approximation.hpp"
#include "fold.hpp"
#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "exercises/linked.hpp"
#include "core/device.hpp"
#include "gradcheck_demo.hpp"
#include "io/atomic_file.hpp"
#include "io/finite_results.hpp"
#include "io/json.hpp"
#include "io/provenance.hpp"
#include "real_data.hpp"
#include "shallow.hpp"

namespace {

std::vector<int64_t> parse_sizes(const std::string& text) {
    std::vector<int64_t> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        char* end = nullptr;
        const long long v = std::strtoll(item.c_str(), &end, 10);
        if (item.empty() || *end != '\0' || v <= 0 || v > 100000)
            throw dl::UsageError(dl::cat("--hidden: expected sizes like 256,128 (each 1 to 100000), "
                                         "got '", text, "'"));
        out.push_back(v);
    }
    if (out.empty()) throw dl::UsageError(dl::cat("--hidden: expected sizes like 256,128, got '", text, "'"));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    return dl::run_main("ch04_mlp", [&] {
        dl::CommonOptions opts;
        opts.epochs = 10;
        opts.lr = 0.001;
        opts.out = "figures/ch04";
        std::string hidden, optimizer = "adam", activation = "relu", init = "he", save, load;
        std::string checkpoint, resume;
        int batch = 64, threads = 2;
        double val = 0.1, decay = 0.2;
        bool force = false, train_only = false;

        dl::ArgParser args("ch04_mlp",
                           "Chapter 4: shallow and deep MLPs — the flower, activations, "
                           "initialisation, universal approximation, gradient checking, and a deep "
                           "network trained on real images.");
        args.add_common(opts);
        args.add_string("--hidden", "hidden layer sizes, comma-separated (default: 128,64 for the "
                        "digits, 256,128 for 28x28 images)", &hidden);
        args.add_int("--batch", "mini-batch size m", &batch, 1);
        args.add_choice("--optimizer", "optimizer", &optimizer, {"sgd", "momentum", "adam"});
        args.add_choice("--activation", "hidden activation of the deep network", &activation,
                        {"relu", "leaky_relu", "tanh", "sigmoid"});
        args.add_choice("--init", "weight initialisation of the deep network", &init,
                        {"he", "xavier", "small", "zeros"});
        args.add_double("--val", "share of the training images held out for validation", &val, false);
        args.add_double("--decay", "learning-rate decay (lecture 004): lr / (1 + decay·epoch_num), epoch_num = 0, 1, …", &decay, false);
        args.add_int("--threads", "CPU threads (Eigen and OpenMP)", &threads, 1, 256);
        args.add_string("--save", "write the trained parameters to FILE", &save);
        args.add_string("--load", "load parameters from FILE instead of training", &load);
        args.add_string("--checkpoint", "write a checkpoint (weights, optimizer state, epoch) to FILE "
                        "after every epoch", &checkpoint);
        args.add_string("--resume", "continue training from the checkpoint FILE up to --epochs",
                        &resume);
        args.add_flag("--force", "let --save or --checkpoint replace an existing file", &force);
        args.add_flag("--train-only", "skip sections 1-4 (the 2-D demos); still checks gradients",
                      &train_only);
        args.add_epilog(
            "--data: digits (the shipped 8x8 digits, default), fashion (Fashion-MNIST from\n"
            "/usr/share/datasets/fashion-mnist: `./course data` installs it), mnist (the four IDX\n"
            "files in datasets/mnist/ or $DL_MNIST_DIR), or a folder holding MNIST-format files.\n"
            "On the digits the defaults are --epochs 30 and --lr 0.003 (on 28x28 images 10 and 0.001).\n"
            "\nTry: --data fashion --epochs 10;  --optimizer sgd --lr 0.1;  --init small;\n"
            "     --lr 10 --optimizer sgd (watch the loss diverge);  --save model.bin, then --load model.bin\n");
        if (!args.parse(argc, argv)) return 0;
        if (val < 0 || val >= 0.9)
            throw dl::UsageError(dl::cat("--val: expected a share in [0, 0.9), got '", val, "'"));
        if (decay < 0) throw dl::UsageError(dl::cat("--decay: expected a number >= 0, got '", decay, "'"));
        if (!save.empty() && !load.empty() && save == load)
            throw dl::UsageError("--save and --load name the same file");
        // Refuse to overwrite before any work is done, not after training.
        dl::check_new_file(save, force);
        if (!resume.empty() && !load.empty())
            throw dl::UsageError("--resume continues training and --load skips it: use one");
        // A checkpoint file is the run's own only when it continues that file.
        if (!checkpoint.empty() && checkpoint != resume && !force &&
            std::filesystem::exists(checkpoint))
            throw dl::Error(dl::cat("--checkpoint '", checkpoint, "' already exists: refusing to "
                                    "overwrite it (add --force to replace it, or --resume it)"));

        dl::require_device(opts.device);
        dl::ensure_writable_dir(opts.out);
        Eigen::setNbThreads(threads);
        omp_set_num_threads(threads);

        const bool digits = opts.data.empty() || opts.data == "digits" ||
                            (opts.data.size() > 4 && opts.data.find(".csv") != std::string::npos);
        ch04::TrainSettings ts;
        ts.data = opts.data.empty() ? "digits" : opts.data;
        ts.hidden = hidden.empty() ? (digits ? std::vector<int64_t>{128, 64}
                                              : std::vector<int64_t>{256, 128})
                                   : parse_sizes(hidden);
        ts.epochs = args.given("--epochs") ? opts.epochs
                    : digits               ? 30
                    : opts.quick           ? 1
                                           : opts.epochs;
        ts.batch = batch;
        // The digits are small (1,293 training images, 21 steps an epoch): at 0.001 with the
        // decay, Adam stops short of the target on some seeds (test accuracy 0.950 to 0.972 over
        // seeds 1-8); 0.003 reaches 0.969 to 0.983 on the same seeds.
        ts.lr = args.given("--lr") || !digits ? opts.lr : 0.003;
        ts.optimizer = dl::nn::parse_optimizer(optimizer);
        ts.activation = dl::parse_activation(activation);
        ts.init = dl::nn::parse_init(init);
        ts.val_fraction = val;
        ts.decay = decay;
        ts.device = opts.device;
        ts.seed = opts.seed;
        ts.progress = dl::progress_enabled(opts.json);
        ts.out = opts.out;
        ts.save = save;
        ts.load = load;
        ts.force = force;
        ts.checkpoint = checkpoint;
        ts.resume = resume;

        dl::Json json = dl::Json::object();
        json["chapter"] = 4;
        json["device"] = dl::device_name(opts.device);
        json["seed"] = opts.seed;
        std::printf("Chapter 4: shallow and deep neural networks (seed %llu, %d threads)\n",
                    (unsigned long long)opts.seed, threads);
        std::printf("Exercises: %s\n", dl::exercises::linked());
        if (!train_only) {
            const ch04::ShallowResults sh = ch04::run_shallow(opts.seed, opts.quick, opts.out);
            json["shallow"] = ch04::to_json(sh);
            json["universal_approximation_max_error"] =
                ch04::to_json(ch04::run_approximation(opts.out));
            json["relu_folds"] = ch04::to_json(ch04::run_folds(opts.seed, opts.out));
        }
        const ch04::GradCheckReport gc = ch04::run_gradcheck(opts.seed);
        json["gradcheck"] = ch04::to_json(gc);
        const ch04::TrainReport tr = ch04::run_training(ts);
        json["training"] = ch04::to_json(tr);
        json["test_accuracy"] = tr.test_accuracy;
        json["epochs"] = tr.epochs;
        json["seconds_per_epoch"] = tr.seconds_per_epoch;
        json["gradcheck_max_rel_error"] = gc.max_rel_error;
        json["peak_rss_mb"] = ch04::peak_rss_mb();
        opts.epochs = ts.epochs;  // config.toml records the epochs and rate this run used
        opts.lr = ts.lr;
        if (!load.empty()) dl::record_input_file(load);
        args.write_run_config(opts.out);
        std::printf("Figures in %s/. Peak memory %.0f MB.\n", opts.out.c_str(), ch04::peak_rss_mb());
        // A diverged run (a loss or weight that overflowed) must not end with exit 0.
        dl::require_finite_results(json, dl::cat("the learning rate (--lr ", opts.lr,
                                                 ") is probably too large"));
        if (opts.json) {
            std::cout << dl::json_line(json) << std::endl;
        } else {
            std::printf("Result: %s test accuracy %.4f after %d epochs (%.3g s/epoch); gradient "
                        "check max relative error %.1e\n", tr.model.c_str(), tr.test_accuracy,
                        tr.epochs, tr.seconds_per_epoch, gc.max_rel_error);
        }
        return 0;
    });
}
