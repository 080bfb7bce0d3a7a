/// @file main.cpp
/// @brief Chapter 1: the M-P neuron, the perceptron learning rule, XOR, and a learned line.
///
/// The program follows the lecture section by section:
///  1. the M-P neuron (M-P 神经元) y = f(Σ wᵢxᵢ − θ) with the lecture's hand-set weights: the
///     truth tables of AND, OR, NOT and NAND;
///  2. the perceptron learning rule (感知机学习规则) learning AND, OR and NAND from their tables;
///  3. XOR, which the rule cannot learn, and why;
///  4. two layers (NAND and OR feeding AND) that compute XOR exactly;
///  5. a perceptron on generated, linearly separable 2-D points, and the figure of its line.
///
///     ch01_perceptron [--epochs N] [--lr X] [--seed N] [--device cpu|cuda] [--data FILE.csv]
///                     [--out DIR] [--quick] [--json]
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "exercises/linked.hpp"
#include "core/device.hpp"
#include "core/rng.hpp"
#include "exercises/ch01.hpp"
#include "gate_figure.hpp"
#include "gates.hpp"
#include "io/atomic_file.hpp"
#include "io/history.hpp"
#include "io/finite_results.hpp"
#include "io/json.hpp"
#include "learning.hpp"
#include "points.hpp"
#include "sign_perceptron.hpp"
#include "truth_table.hpp"
#include "xor.hpp"

namespace {

std::string num(double v, int precision = 3) {
    std::ostringstream os;
    os << std::setprecision(precision) << v;
    return os.str();
}

std::string fixed(double v, int decimals = 2) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(decimals) << v;
    return os.str();
}

std::string pad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

/// "2 3 3 2 1 0", or the first and last few epochs when there are many.
std::string mistakes_text(const std::vector<int>& m) {
    std::ostringstream os;
    const std::size_t n = m.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (n > 12 && i == 6) {
            os << "... ";
            i = n - 4;
        }
        os << m[i] << (i + 1 < n ? " " : "");
    }
    return os.str();
}

std::string weights_text(const dl::exercises::Perceptron& p) {
    std::ostringstream os;
    os << "w = (";
    for (Eigen::Index i = 0; i < p.w.size(); ++i) os << (i ? ", " : "") << num(p.w(i), 4);
    os << "), theta = " << num(p.theta, 4);
    return os.str();
}

/// "AND" -> "and", "NOT x1" -> "not": the keys of the --json output.
std::string json_key(const std::string& name) {
    std::string key;
    for (char c : name) {
        if (c == ' ') break;
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return key;
}

dl::Json weights_json(const dl::exercises::Perceptron& p) {
    std::vector<double> w(p.w.data(), p.w.data() + p.w.size());
    return dl::Json(w);
}

}  // namespace

int main(int argc, char** argv) {
    return dl::run_main("ch01_perceptron", [&] {
        dl::CommonOptions opts;
        opts.epochs = 1000;  // the limit; AND, OR, NAND need a handful, XOR never stops
        opts.lr = 1.0;       // η; from w = 0, θ = 0 it only scales w and θ (see --help)
        opts.out = "figures/ch01";
        int points = 200;
        dl::ArgParser args("ch01_perceptron",
                           "Chapter 1: the M-P neuron with hand-set weights, the perceptron "
                           "learning rule on AND, OR, NAND\nand XOR, XOR in two layers, and a "
                           "learned separating line on 2-D points.");
        args.add_common(opts);
        args.add_int("--points", "number of generated 2-D points", &points, 2);
        args.add_epilog(
            "--epochs is the limit of the perceptron rule (it stops earlier once an epoch makes\n"
            "no mistake). --data FILE.csv replaces the generated points with lines 'x1,x2,label'.\n"
            "\nTry:\n"
            "  ch01_perceptron --epochs 3      AND needs more than 3 epochs: not converged\n"
            "  ch01_perceptron --lr 0.25       from w = 0 the rule is the same, w and theta scaled\n"
            "  ch01_perceptron --seed 7        another set of points, another line\n");
        if (!args.parse(argc, argv)) return 0;
        if (opts.quick) points = std::min(points, 100);
        dl::require_device(opts.device);
        dl::ensure_writable_dir(opts.out);
        const dl::Device dev = opts.device;
        const float eta = static_cast<float>(opts.lr);

        dl::Json json = dl::Json::object();
        json["chapter"] = 1;
        json["device"] = dl::device_name(dev);
        json["seed"] = opts.seed;
        json["epoch_limit"] = opts.epochs;
        json["lr"] = opts.lr;

        std::cout << "Chapter 1: the perceptron and logic gates (device " << dl::device_name(dev)
                  << ", seed " << opts.seed << ")\n"
                  << "Exercises: " << dl::exercises::linked() << "\n\n";

        // ---- 1. M-P neuron with hand-set weights ------------------------------------------
        std::cout << "1. The M-P neuron (M-P 神经元): y = f(w1*x1 + w2*x2 - theta), f = step\n"
                  << "   The lecture's hand-set weights. All four gates run as one layer,\n"
                  << "   A = step(W*X + b) with b = -theta (one row of W per gate, one column of "
                     "X per input):\n\n";
        const std::vector<ch01::HandSetGate> hand = ch01::lecture_gates();
        const dl::Matrix A_layer = ch01::evaluate_gates(hand, dev);
        const dl::Matrix A_single = ch01::evaluate_gates_one_by_one(hand);
        std::cout << "   " << pad("gate", 8) << std::setw(6) << "w1" << " " << std::setw(6) << "w2"
                  << " " << std::setw(6) << "theta" << "  |  0,0   0,1   1,0   1,1   (x1,x2)\n";
        bool hand_ok = true;
        dl::Json hand_json = dl::Json::object();
        for (std::size_t i = 0; i < hand.size(); ++i) {
            const auto& g = hand[i];
            const auto r = static_cast<Eigen::Index>(i);
            const bool ok = A_layer.row(r) == g.truth && A_single.row(r) == g.truth;
            hand_ok = hand_ok && ok;
            hand_json[json_key(g.name)] = ok;
            std::cout << "   " << pad(g.name, 8) << std::setw(6) << num(g.w1) << " " << std::setw(6)
                      << num(g.w2) << " " << std::setw(6) << num(g.theta) << "  |";
            for (Eigen::Index j = 0; j < 4; ++j) std::cout << "   " << A_layer(r, j) << "  ";
            std::cout << (ok ? "  correct" : "  WRONG") << "\n";
        }
        std::cout << "\n   Every entry is computed twice, by the layer (matmul, add_bias, step "
                     "kernels on "
                  << dl::device_name(dev) << ")\n   and by mp_neuron() one input at a time: "
                  << (A_layer == A_single ? "they agree." : "they DISAGREE.") << "\n\n";
        json["hand_set_gates"] = hand_json;

        // ---- 2 and 3. The perceptron rule on the truth tables ------------------------------
        std::cout << "2. The perceptron learning rule (感知机学习规则):\n"
                  << "     y_hat = step(w*x - theta),  w <- w + eta*(y - y_hat)*x,  "
                     "theta <- theta - eta*(y - y_hat)\n"
                  << "   From w = 0, theta = 0, eta = " << num(opts.lr)
                  << ", the four inputs in order, at most " << opts.epochs << " epochs:\n\n";
        const dl::Matrix X = ch01::truth_table_inputs();
        const std::vector<ch01::Gate> gates = ch01::two_input_gates();
        std::vector<ch01::TrainResult> results;
        dl::Json gates_json = dl::Json::object();
        // Mistakes per epoch of every run of the rule, one JSON line each, beside the figures.
        dl::History history(dl::join_path(opts.out, "perceptron_history.jsonl"));
        auto log_epochs = [&history](const std::string& task, const ch01::TrainResult& r) {
            for (std::size_t e = 0; e < r.mistakes.size(); ++e)
                history.add({{"task", task}, {"epoch", e + 1}, {"mistakes", r.mistakes[e]}});
        };
        for (const ch01::Gate& g : gates) {
            if (g.name == "XOR")
                std::cout << "\n3. XOR (异或): 1 when exactly one input is 1.\n";
            const ch01::TrainResult r = ch01::train_perceptron(X, g.Y, eta, opts.epochs, dev);
            std::cout << "   " << pad(g.name, 5)
                      << (r.converged ? "converged in " + std::to_string(r.epochs) + " epochs"
                                      : "NOT converged after " + std::to_string(r.epochs) +
                                            " epochs")
                      << ", " << weights_text(r.p) << ", accuracy " << fixed(r.accuracy) << "\n"
                      << "        mistakes per epoch: " << mistakes_text(r.mistakes) << "\n";
            dl::Json gj = dl::Json::object();
            gj["accuracy"] = r.accuracy;
            gj["converged"] = r.converged;
            gj["epochs"] = r.epochs;
            gj["w"] = weights_json(r.p);
            gj["theta"] = r.p.theta;
            gates_json[json_key(g.name)] = gj;
            log_epochs(json_key(g.name), r);
            results.push_back(r);
        }
        const ch01::TrainResult& xor_r = results.back();
        std::cout << "\n   Why:\n"
                  << ch01::xor_not_separable_argument();
        json["gates"] = gates_json;
        const std::string gates_svg = dl::join_path(opts.out, "gates.svg");
        ch01::plot_learned_gates(gates, results, gates_svg);
        std::cout << "   Figure: " << gates_svg << "\n\n";

        // ---- 4. Two layers compute XOR ------------------------------------------------------
        std::cout << "4. Two layers: h1 = NAND(x1, x2), h2 = OR(x1, x2), y = AND(h1, h2)\n"
                  << "   A1 = step(W1*X + b1), A2 = step(W2*A1 + b2) on " << dl::device_name(dev)
                  << ":\n\n   x1 x2 | h1 h2 | y  xor_two_layer()\n";
        const dl::Matrix two = ch01::xor_two_layer_forward(dev);
        const ch01::Gate xor_gate = ch01::gate("XOR");
        int right = 0;
        for (Eigen::Index j = 0; j < 4; ++j) {
            const float mine = dl::exercises::xor_two_layer(X(0, j), X(1, j));
            const bool ok = two(2, j) == xor_gate.Y(j) && mine == xor_gate.Y(j);
            right += ok;
            std::cout << "    " << X(0, j) << "  " << X(1, j) << " |  " << two(0, j) << "  "
                      << two(1, j) << " | " << two(2, j) << "  " << mine
                      << (ok ? "" : "   WRONG") << "\n";
        }
        const double two_layer_acc = right / 4.0;
        std::cout << "\n   Two-layer XOR accuracy " << fixed(two_layer_acc)
                  << ": the hidden layer maps the four inputs to points a line can separate.\n\n";
        json["two_layer_xor_accuracy"] = two_layer_acc;

        // ---- 5. A perceptron on 2-D points -------------------------------------------------
        dl::Rng rng(opts.seed);
        const bool generated = opts.data.empty() || opts.data == "generated";
        const ch01::Points pts = generated ? ch01::make_separable_points(points, 0.1, rng)
                                           : ch01::load_points_csv(opts.data);
        std::cout << "5. A perceptron on " << pts.X.cols() << " 2-D points "
                  << (generated ? "(generated, labelled by a random line, gap 0.1 around it)"
                                : "from " + opts.data)
                  << ":\n";
        const ch01::TrainResult pr = ch01::train_perceptron(pts.X, pts.Y, eta, opts.epochs, dev);
        std::cout << "   "
                  << (pr.converged ? "converged in " + std::to_string(pr.epochs) + " epochs"
                                   : "NOT converged after " + std::to_string(pr.epochs) +
                                         " epochs")
                  << ", " << weights_text(pr.p) << ", accuracy " << fixed(pr.accuracy, 3) << "\n"
                  << "   mistakes per epoch: " << mistakes_text(pr.mistakes) << "\n";
        log_epochs("points", pr);
        history.save();
        const std::string points_svg = dl::join_path(opts.out, "perceptron_points.svg");
        ch01::plot_points(pts, pr.p, points_svg);
        std::cout << "   Figure: " << points_svg << "\n";
        dl::Json pj = dl::Json::object();
        pj["source"] = generated ? std::string("generated") : opts.data;
        pj["m"] = static_cast<long long>(pts.X.cols());
        pj["accuracy"] = pr.accuracy;
        pj["converged"] = pr.converged;
        pj["epochs"] = pr.epochs;
        pj["w"] = weights_json(pr.p);
        pj["theta"] = pr.p.theta;
        // Lecture 000's form: ±1 labels and sign(z), on the same points.
        const ch01::TrainResult sr =
            ch01::train_sign_perceptron(pts.X, ch01::to_pm1(pts.Y), eta, opts.epochs, dev);
        const bool same = sr.mistakes == pr.mistakes && sr.p.w == pr.p.w &&
                          sr.p.theta == pr.p.theta;
        std::cout << "   The same points with labels t = 2y − 1 in {−1, +1} and ŷ = sign(w·x − θ) "
                     "(lecture 000), rule w ← w + η·t·x on a mistake: "
                  << (sr.converged ? "converged in " + std::to_string(sr.epochs) + " epochs"
                                   : "not converged")
                  << ", accuracy " << fixed(sr.accuracy, 3) << "; "
                  << (same ? "the same mistakes and the same w and θ as the {0, 1} rule."
                           : "DIFFERENT from the {0, 1} rule.")
                  << "\n\n";
        pj["sign_form_same"] = same;
        pj["sign_form_accuracy"] = sr.accuracy;
        json["points"] = pj;
        json["figures"] = std::vector<std::string>{gates_svg, points_svg};

        // ---- Result -------------------------------------------------------------------------
        // A diverged run (eta so large that w overflows float32) must not end with exit 0.
        dl::require_finite_results(json, dl::cat("the learning rate (--lr ", opts.lr,
                                                 ") is probably too large"));
        auto epochs_of = [&](std::size_t i) {
            return results[i].converged ? std::to_string(results[i].epochs) : std::string("-");
        };
        std::ostringstream result;
        result << "AND/OR/NAND learned in " << epochs_of(0) << "/" << epochs_of(1) << "/"
               << epochs_of(2) << " epochs; XOR "
               << (xor_r.converged ? "learned" : "not learned") << " (accuracy "
               << fixed(xor_r.accuracy) << "); two-layer XOR accuracy " << fixed(two_layer_acc)
               << "; " << pts.X.cols() << " points "
               << (pr.converged ? "separated in " + std::to_string(pr.epochs) + " epochs"
                                : "not separated")
               << " (accuracy " << fixed(pr.accuracy, 3) << ")";
        args.write_run_config(opts.out);
        std::cout << "Result: " << result.str() << "\n";
        if (opts.json) std::cout << dl::json_line(json) << "\n";
        return 0;
    });
}
