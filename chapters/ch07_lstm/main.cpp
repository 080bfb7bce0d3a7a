/// @file main.cpp
/// @brief Chapter 7: recurrent networks (循环神经网络) and the LSTM (长短期记忆网络).
///
/// The program follows the lecture:
///  1. the four structures of a recurrent network — one-to-one, one-to-many, many-to-one,
///     many-to-many — each trained on a small task of its shape;
///  2. the RNN and LSTM cells as the lecture writes them (the exercises) against the course's
///     layers, and the layers' gradient checks through time with a state carried in;
///  3. many-to-one: the adding problem for T = 50, 100, 200 — the LSTM solves it, the plain RNN
///     stays at the baseline — with the gradient norms through time that explain it, and
///     exploding gradients tamed by global-norm clipping;
///  4. many-to-many and one-to-many: a character-level language model of Tang poems (Debian's
///     fortunes-zh, or any UTF-8 text with --data) trained with truncated BPTT, and the poems it
///     writes.
///
///     ch07_lstm [--task adding|chars] [--seq-len T] [--hidden H] [--steps N] [--epochs N]
///               [--temperature X] [--data FILE] [--device cpu|cuda] [--quick] [--json]
#include <omp.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "adding.hpp"
#include "cells.hpp"
#include "char_model.hpp"
#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "gradients.hpp"
#include "io/history.hpp"
#include "io/json.hpp"
#include "io/svg_plot.hpp"
#include "io/atomic_file.hpp"
#include "structures.hpp"

namespace {

constexpr const char* kTang300 = "/usr/share/games/fortunes/tang300";

/// Eigen and OpenMP threads. The adding problem's products (4H x H x B = 256 x 64 x 64) are too
/// small to share between threads: starting a parallel region costs more than it saves, and on a
/// busy machine a thread that is not scheduled holds up every step. The character model's
/// products are large enough for both cores.
void set_threads(int n) {
    Eigen::setNbThreads(n);
    omp_set_num_threads(n);
}

dl::Json curve_json(const std::vector<double>& xs, const std::vector<double>& ys) {
    dl::Json a = dl::Json::array();
    for (std::size_t i = 0; i < xs.size(); ++i) {
        dl::Json p = dl::Json::array();
        p.push_back(xs[i]);
        p.push_back(ys[i]);
        a.push_back(p);
    }
    return a;
}

}  // namespace

int main(int argc, char** argv) {
    return dl::run_main("ch07_lstm", [&] {
        dl::CommonOptions opts;
        opts.epochs = 30;
        opts.lr = 0.005;
        opts.out = "figures/ch07";
        std::string task;
        // 0 for --seq-len, --hidden, --steps, --batch and --clip means "the default of the part
        // that runs" (the adding problem and the character model need different sizes), so a
        // run's config.toml (which records 0) repeats the run whatever --task was.
        int seq_len = 0, hidden = 0, steps = 0, batch = 0, layers = 2, embed = 64, threads = 2;
        int generate = 400;
        double temperature = 0.8, clip = 0;

        dl::ArgParser args("ch07_lstm",
                           "Chapter 7: recurrent networks and the LSTM — the four RNN structures, "
                           "the cells and backpropagation through time, vanishing and exploding "
                           "gradients, the adding problem, and a character model of Tang poems.");
        args.add_common(opts);
        args.add_choice("--task", "run one part only: adding (the adding problem, with the "
                        "gradient figures) or chars (the character model); default: everything",
                        &task, {"adding", "chars"});
        args.add_int("--seq-len", "adding: the one T to run (0: 50, 100 and 200; 50 with --quick); "
                     "chars: the BPTT window (0: 64; 32 with --quick)", &seq_len, 0, 10000);
        args.add_int("--hidden", "hidden units H (0: 64 for the adding problem, 128 for the "
                     "character model; 64 with --quick)", &hidden, 0, 4096);
        args.add_int("--steps", "adding: training steps per run (0: 2000; 600 with --quick)",
                     &steps, 0, 10000000);
        args.add_int("--batch", "sequences per step (0: 64 for adding, 32 streams for chars; 16 "
                     "with --quick)", &batch, 0, 4096);
        args.add_int("--layers", "chars: stacked LSTM layers (1 with --quick)", &layers, 1, 16);
        args.add_int("--embed", "chars: embedding dimension E", &embed, 1, 4096);
        dl::RealRange temp;
        temp.positive = true;
        temp.min = 0;
        temp.max = 100;
        args.add_double("--temperature", "chars: sampling temperature when writing (lower: safer, "
                        "higher: wilder)", &temperature, temp);
        args.add_int("--generate", "chars: characters to write (160 with --quick)", &generate, 1,
                     1000000);
        dl::RealRange clip_range;
        clip_range.min = 0;
        clip_range.as_float = true;
        args.add_double("--clip", "global gradient-norm limit (0: 1 for adding, 5 for chars)",
                        &clip, clip_range);
        args.add_int("--threads", "CPU threads for the character model (Eigen and OpenMP; 1 with "
                     "--quick); the small models of the other sections run on one", &threads, 1,
                     256);
        args.add_epilog(
            "--data: a UTF-8 text file for the character model (default: the Tang poems of Debian's\n"
            "fortunes-zh, /usr/share/games/fortunes/tang300; `./course data` installs it).\n"
            "--lr: Adam's learning rate (both parts); --epochs: passes\n"
            "over the text (default 30; training stops after 4 epochs without a better validation\n"
            "loss, and the best epoch is kept).\n"
            "\nTry: --task adding --seq-len 200;  --task chars --temperature 0.5 (then 1.2);\n"
            "     --task chars --data your_text.txt --epochs 10;  --task chars --layers 1 --hidden 64\n");
        if (!args.parse(argc, argv)) return 0;
        if (seq_len == 1)
            throw dl::UsageError("--seq-len: expected 0 (the defaults) or an integer from 2 to "
                                 "10000, got '1' (one step has no sequence to remember)");
        if (!opts.data.empty() && task == "adding")
            throw dl::UsageError("--data gives the character model its text; --task adding has no "
                                 "use for it (drop --data, or use --task chars)");
        dl::require_device(opts.device);
        dl::ensure_writable_dir(opts.out);
        const bool all = task.empty();
        const auto given = [&](const char* flag) { return args.given(flag); };
        const bool q = opts.quick;
        ch07::Settings s;
        s.seed = opts.seed;
        s.quick = q;
        s.device = opts.device;
        s.out = opts.out;
        s.progress = dl::progress_enabled(opts.json);

        dl::Json json = dl::Json::object();
        json["chapter"] = 7;
        json["device"] = dl::device_name(opts.device);
        json["seed"] = opts.seed;
        json["quick"] = q;
        std::printf("Chapter 7: recurrent networks and LSTM (seed %llu%s)\n",
                    (unsigned long long)opts.seed, q ? ", quick" : "");
        std::string result;
        set_threads(1);

        // --- 1. The four structures -----------------------------------------------------------
        if (all) {
            std::printf("\n1. The four structures of a recurrent network (one thread)\n");
            const auto rs = ch07::run_structures(s, q ? 150 : 400);
            dl::Json js = dl::Json::object();
            for (const auto& r : rs) {
                std::printf("   %s (%s): %s\n      %s: accuracy %.3f (guessing: %.3f)\n",
                            r.name.c_str(), r.chinese.c_str(), r.task.c_str(), r.model.c_str(),
                            r.accuracy, r.chance);
                dl::Json j = dl::Json::object();
                j["task"] = r.task;
                j["model"] = r.model;
                j["accuracy"] = r.accuracy;
                j["chance"] = r.chance;
                j["steps"] = r.steps;
                js[r.name] = j;
            }
            json["structures"] = js;
        }

        // --- 2. The cells written out -------------------------------------------------------------
        if (all) {
            std::printf("\n2. The cells as the lecture writes them, against the layers (float64)\n");
            const ch07::CellsReport c = ch07::run_cells(opts.seed);
            std::printf("   RNN cell h_t = tanh(W [h_{t-1}, x_t] + b), layer vs exercise: max |diff| "
                        "%.1e\n", c.rnn_forward_diff);
            std::printf("   LSTM cell forward (f, i, C~, o, C_t, h_t): max |diff| %.1e\n",
                        c.lstm_forward_diff);
            std::printf("   LSTM cell backward (every dW, db, dx, dh_{t-1}, dC_{t-1}): max |diff| "
                        "%.1e\n", c.lstm_backward_diff);
            std::printf("   global gradient norm of the cell's dW: %.4f, clipped at 0.1: %.4f\n",
                        c.grad_norm, c.clipped_norm);
            std::printf("   gradient check over 6 steps, state carried in, largest relative error:\n"
                        "      RNN %.1e, LSTM %.1e (right below 1e-7)\n",
                        c.rnn_gradcheck, c.lstm_gradcheck);
            dl::Json j = dl::Json::object();
            j["rnn_forward_diff"] = c.rnn_forward_diff;
            j["lstm_forward_diff"] = c.lstm_forward_diff;
            j["lstm_backward_diff"] = c.lstm_backward_diff;
            j["grad_norm"] = c.grad_norm;
            j["clipped_norm"] = c.clipped_norm;
            json["cells"] = j;
            dl::Json g = dl::Json::object();
            g["rnn"] = c.rnn_gradcheck;
            g["lstm"] = c.lstm_gradcheck;
            json["gradcheck_max_rel_error"] = g;
        }

        // --- 3. The adding problem ----------------------------------------------------------------
        if (all || task == "adding") {
            ch07::AddingOptions ao;
            ao.hidden = hidden ? hidden : 64;
            ao.steps = steps ? steps : (q ? 600 : 2000);
            ao.batch = batch ? batch : 64;
            ao.lr = opts.lr;
            ao.clip = clip > 0 ? clip : 1.0;
            ao.test_size = q ? 256 : 1024;
            ao.seed = opts.seed;
            ao.device = opts.device;
            ao.progress = s.progress;
            std::vector<int64_t> Ts = seq_len ? std::vector<int64_t>{seq_len}
                                      : q     ? std::vector<int64_t>{50}
                                              : std::vector<int64_t>{50, 100, 200};
            std::printf("\n3. Many-to-one: the adding problem (baseline MSE %.3f)\n   H = %lld, %d "
                        "steps of %lld sequences, Adam lr %g, clipping at %g, one thread\n",
                        ch07::kAddingBaseline, (long long)ao.hidden, ao.steps,
                        (long long)ao.batch, ao.lr, ao.clip);
            dl::Json ja = dl::Json::object();
            ja["baseline_mse"] = ch07::kAddingBaseline;
            ja["hidden"] = ao.hidden;
            ja["steps"] = ao.steps;
            ja["batch"] = ao.batch;
            std::vector<dl::SvgPlot> plots;
            ch07::AddingRun fig_rnn, fig_lstm;
            for (int64_t T : Ts) {
                ao.T = T;
                ch07::AddingRun runs[2];
                dl::SvgPlot p(dl::cat("Adding problem, T = ", T), "training step", "test MSE");
                p.log_y();
                for (ch07::Cell cell : {ch07::Cell::LSTM, ch07::Cell::RNN}) {
                    ch07::AddingRun r = ch07::train_adding(cell, ao);
                    std::printf("   T = %3lld  %-4s test MSE %.4f  (%.1f s)\n", (long long)T,
                                ch07::cell_name(cell), r.test_mse, r.seconds);
                    // The curve's history file, and the figure drawn from it.
                    dl::History h(dl::join_path(opts.out, dl::cat("adding_T", T, "_",
                                                                  ch07::cell_name(cell), ".jsonl")));
                    for (std::size_t k = 0; k < r.curve_steps.size(); ++k)
                        h.add({{"step", r.curve_steps[k]}, {"test_mse", r.curve_mse[k]}});
                    h.save();
                    p.line(h.column("step"), h.column("test_mse"), ch07::cell_name(cell));
                    runs[cell == ch07::Cell::LSTM ? 0 : 1] = std::move(r);
                }
                p.line({runs[0].curve_steps.front(), runs[0].curve_steps.back()},
                       {ch07::kAddingBaseline, ch07::kAddingBaseline}, "baseline 1/6", true);
                plots.push_back(p);
                dl::Json jt = dl::Json::object();
                jt["lstm_test_mse"] = runs[0].test_mse;
                jt["rnn_test_mse"] = runs[1].test_mse;
                jt["lstm_seconds"] = runs[0].seconds;
                jt["rnn_seconds"] = runs[1].seconds;
                jt["lstm_curve"] = curve_json(runs[0].curve_steps, runs[0].curve_mse);
                jt["rnn_curve"] = curve_json(runs[1].curve_steps, runs[1].curve_mse);
                ja[dl::cat("T", T)] = jt;
                if (fig_lstm.T == 0 || T == 100) fig_lstm = runs[0], fig_rnn = runs[1];
                if (T == 100 || (seq_len && T == seq_len) || Ts.size() == 1)
                    result = dl::cat("adding T=", T, ": LSTM test MSE ",
                                     dl::cat(std::round(runs[0].test_mse * 1e4) / 1e4), ", RNN ",
                                     dl::cat(std::round(runs[1].test_mse * 1e4) / 1e4),
                                     " (baseline 0.167)");
            }
            dl::save_svg_grid(plots, int(plots.size()), "The adding problem: LSTM against plain RNN",
                              dl::join_path(opts.out, "adding.svg"));
            json["adding"] = ja;

            // Gradient norms through time: the models of one T, at initialisation and trained.
            const double gain = 2.0;
            const auto exploding = ch07::rnn_norms_with_gain(fig_rnn.T, ao.hidden, ao.batch, gain,
                                                             opts.seed + 5);
            ch07::save_gradient_figure(opts.out, fig_rnn, fig_lstm, exploding, gain);
            auto ratio = [](const std::vector<double>& n) { return n.front() / n.back(); };
            std::printf("   gradient through time, T = %lld: ||dL/dh_0|| / ||dL/dh_{T-1}||\n"
                        "      trained: RNN %.1e, LSTM %.1e\n      at initialisation: RNN %.1e, "
                        "LSTM %.1e, RNN with W_h x %g %.1e\n",
                        (long long)fig_rnn.T, ratio(fig_rnn.norms_trained),
                        ratio(fig_lstm.norms_trained), ratio(fig_rnn.norms_init),
                        ratio(fig_lstm.norms_init), gain, ratio(exploding));
            dl::Json jg = dl::Json::object();
            jg["T"] = fig_rnn.T;
            jg["rnn_trained_ratio"] = ratio(fig_rnn.norms_trained);
            jg["lstm_trained_ratio"] = ratio(fig_lstm.norms_trained);
            jg["rnn_init_ratio"] = ratio(fig_rnn.norms_init);
            jg["lstm_init_ratio"] = ratio(fig_lstm.norms_init);
            jg["rnn_gain_ratio"] = ratio(exploding);
            json["gradient_norms"] = jg;

            // Exploding gradients and clipping.
            const ch07::ClipDemo d = ch07::clipping_demo(10, 32, 600, gain, 0.2, 1.0, opts.seed);
            ch07::save_clipping_figure(opts.out, d);
            std::printf("   exploding gradients (RNN, W_h x %g, T = %lld, gradient descent lr %g):\n"
                        "      largest ||g|| %.3g; without clipping %s;\n      clipped at %g: "
                        "training MSE %.4f at the end (baseline 0.167)\n",
                        d.gain, (long long)d.T, d.lr, d.max_norm_plain,
                        d.diverged_at ? dl::cat("the loss became NaN at step ", d.diverged_at).c_str()
                                      : dl::cat("final MSE ", d.final_plain).c_str(),
                        d.clip, d.final_clipped);
            dl::Json jc = dl::Json::object();
            jc["max_norm_unclipped"] = d.max_norm_plain;
            jc["diverged_at"] = d.diverged_at;
            jc["final_mse_unclipped"] = d.final_plain;
            jc["final_mse_clipped"] = d.final_clipped;
            json["clipping"] = jc;
        }

        // --- 4. The character model -----------------------------------------------------------------
        if (all || task == "chars") {
            ch07::CharOptions co;
            co.path = opts.data.empty() ? kTang300 : opts.data;
            const bool default_text = opts.data.empty();
            if (default_text && !std::filesystem::exists(co.path)) {
                const std::string msg = dl::cat(
                    "the Tang poems are not installed (", kTang300, "): install Debian's "
                    "fortunes-zh (`./course data`, or `sudo apt-get install fortunes-zh`), or give "
                    "any UTF-8 text file with --data FILE");
                if (task == "chars") throw dl::Error(msg);
                std::printf("\n4. The character model: skipped: %s\n", msg.c_str());
                json["chars"] = nullptr;
            } else {
                co.T = seq_len ? seq_len : (q ? 32 : 64);
                co.B = batch ? batch : (q ? 16 : 32);
                co.hidden = hidden ? hidden : (q ? 64 : 128);
                co.embed = embed;
                co.layers = given("--layers") ? layers : (q ? 1 : 2);
                co.epochs = given("--epochs") ? opts.epochs : (q ? 2 : opts.epochs);
                co.lr = opts.lr;
                co.clip = clip > 0 ? clip : 5.0;
                co.temperature = temperature;
                co.generate = given("--generate") ? generate : (q ? 160 : generate);
                co.seed = opts.seed;
                co.device = opts.device;
                co.progress = s.progress;
                co.out = opts.out;
                // --quick runs beside other work (CTest, the docs build): one thread unless asked.
                const int n_threads = q && !given("--threads") ? 1 : threads;
                set_threads(n_threads);
                std::printf("\n4. Many-to-many: a character model of %s (%s, T = %lld, %lld "
                            "streams, %d thread%s)\n",
                            default_text ? "Tang poems" : co.path.c_str(),
                            dl::cat("E = ", co.embed, ", ", co.layers, " x LSTM ", co.hidden).c_str(),
                            (long long)co.T, (long long)co.B, n_threads, n_threads == 1 ? "" : "s");
                std::fflush(stdout);
                const ch07::CharReport c = ch07::run_char_model(co);
                set_threads(1);
                // config.toml records what this part used.
                layers = co.layers;
                opts.epochs = co.epochs;
                generate = int(co.generate);
                threads = n_threads;
                std::printf("   %s: %lld characters, %lld distinct; training %lld, validation %lld\n",
                            default_text ? "tang300" : c.path.c_str(), (long long)c.chars,
                            (long long)c.vocab, (long long)c.train_chars, (long long)c.val_chars);
                std::printf("   model %s: %lld parameters; %lld steps, %.3f s per step\n",
                            c.model.c_str(), (long long)c.parameters, (long long)c.steps,
                            c.seconds_per_step);
                for (std::size_t e = 0; e < c.val_curve.size(); ++e)
                    std::printf("   epoch %2zu: training %.3f, validation %.3f nats per character\n",
                                e + 1, c.train_curve[e], c.val_curve[e]);
                std::printf("   validation loss %.3f nats per character (epoch %d), perplexity %.1f\n"
                            "   unigram entropy of the text %.3f nats (a unigram model of the "
                            "training part:\n   %.3f on the validation part)\n",
                            c.val_loss, c.best_epoch, c.val_perplexity, c.unigram_entropy,
                            c.unigram_val_loss);
                std::printf("\n   Written from '%s' at temperature %g (one-to-many):\n\n",
                            default_text ? "《" : "its first character", co.temperature);
                std::string indented = "      ";
                for (char ch : c.generated) indented += ch == '\n' ? std::string("\n      ") : std::string(1, ch);
                std::printf("%s\n\n", indented.c_str());
                std::printf("   clauses of 5 or 7 characters: %.0f %% of %lld in the written lines, "
                            "%.0f %% in the poems\n",
                            100 * c.generated_lines.share(), (long long)c.generated_lines.clauses,
                            100 * c.corpus_lines.share());
                dl::Json jc = dl::Json::object();
                jc["data"] = default_text ? std::string("tang300") : c.path;
                jc["chars"] = c.chars;
                jc["vocab"] = c.vocab;
                jc["model"] = c.model;
                jc["parameters"] = c.parameters;
                jc["seq_len"] = co.T;
                jc["streams"] = co.B;
                jc["unigram_entropy_nats"] = c.unigram_entropy;
                jc["unigram_model_val_loss_nats"] = c.unigram_val_loss;
                jc["val_loss_nats"] = c.val_loss;
                jc["val_perplexity"] = c.val_perplexity;
                jc["train_loss_nats"] = c.train_loss;
                jc["best_epoch"] = c.best_epoch;
                jc["epochs"] = c.epochs;
                jc["steps"] = c.steps;
                jc["seconds_per_step"] = c.seconds_per_step;
                jc["threads"] = n_threads;
                jc["val_curve"] = c.val_curve;
                jc["train_curve"] = c.train_curve;
                jc["generated"] = c.generated;
                jc["temperature"] = co.temperature;
                jc["generated_clause_5_or_7_share"] = c.generated_lines.share();
                jc["corpus_clause_5_or_7_share"] = c.corpus_lines.share();
                json["chars"] = jc;
                result += dl::cat(result.empty() ? "" : "; ", "chars: validation ",
                                  dl::cat(std::round(c.val_loss * 1000) / 1000),
                                  " nats/char (unigram entropy ",
                                  dl::cat(std::round(c.unigram_entropy * 1000) / 1000),
                                  "), perplexity ", dl::cat(std::round(c.val_perplexity * 10) / 10));
            }
        }

        args.write_run_config(opts.out);
        std::printf("Figures in %s/.\n", opts.out.c_str());
        if (opts.json)
            std::cout << dl::json_line(json) << std::endl;
        else
            std::printf("Result: %s\n", result.c_str());
        return 0;
    });
}
