/// @file libtorch_lstm.cpp
/// @brief The peer of chapter 7's character model: the same network and the same training step
/// with the PyTorch C++ frontend (torch::nn::Embedding, torch::nn::LSTM, torch::nn::Linear),
/// for the end-to-end comparison in the benchmarks.
///
/// Same text (the file ch07_lstm reads, loaded by the course's own loader: ANSI codes removed,
/// UTF-8 decoded, the same character ids), the same split (training part first), the same
/// streams and windows (B streams, windows of T characters, the LSTM state carried from window
/// to window and detached: truncated BPTT), the same model (Embedding V→E, a stack of LSTM
/// layers of H units, Linear H→V, cross-entropy), the same optimizer (Adam, lr 5e-3, β 0.9,
/// 0.999, ε 1e-8), the same global-norm clipping (5) and the same number of threads.
///
/// It times training steps only — zero_grad, forward, loss, backward, clipping, update, as the
/// course's step — and reports their mean wall time after the first two (which warm the
/// allocator and the caches), as one JSON line: seconds_per_step, steps, train_loss (the mean
/// of the timed steps), peak_rss_mb (VmHWM).
///
/// Layout: torch::nn::LSTM takes (T, B, E), time first, which is the same memory as the
/// course's time-major E x (T·B) matrix.
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/text_corpus.hpp"

namespace {

struct Options {
    std::string data = "/usr/share/games/fortunes/tang300";
    int64_t T = 64, B = 32, E = 64, H = 128, layers = 2;
    int64_t steps = 26;  // two passes over tang300's training part at the default sizes
    int threads = 2;
    double lr = 5e-3, clip = 5.0, val_fraction = 0.1;
    uint64_t seed = 1;
    bool json = false;
};

void usage(std::ostream& os) {
    os << "libtorch_lstm: chapter 7's character model trained with the PyTorch C++ frontend\n"
          "usage: libtorch_lstm [--data FILE] [--seq-len T] [--batch B] [--embed E] [--hidden H]\n"
          "                     [--layers N] [--steps N] [--threads N] [--lr X] [--seed N] [--json]\n"
          "  --data FILE    UTF-8 text (default /usr/share/games/fortunes/tang300)\n"
          "  --seq-len T    BPTT window (default 64)\n"
          "  --batch B      streams per step (default 32)\n"
          "  --embed E      embedding dimension (default 64)\n"
          "  --hidden H     LSTM units (default 128)\n"
          "  --layers N     stacked LSTM layers (default 2)\n"
          "  --steps N      training steps to run, windows in order, epochs repeated (default 26)\n"
          "  --threads N    torch::set_num_threads (default 2)\n"
          "  --lr X         Adam learning rate (default 0.005)\n"
          "  --seed N       torch::manual_seed (default 1)\n"
          "  --json         print the results as one JSON line\n";
}

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

long parse_int(const std::string& flag, const std::string& v, long lo) {
    char* end = nullptr;
    const long x = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || x < lo)
        throw UsageError(flag + ": expected an integer >= " + std::to_string(lo) + ", got '" + v +
                         "'");
    return x;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw UsageError(a + ": missing value");
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            usage(std::cout);
            std::exit(0);
        } else if (a == "--data") {
            o.data = value();
        } else if (a == "--seq-len") {
            o.T = parse_int(a, value(), 2);
        } else if (a == "--batch") {
            o.B = parse_int(a, value(), 1);
        } else if (a == "--embed") {
            o.E = parse_int(a, value(), 1);
        } else if (a == "--hidden") {
            o.H = parse_int(a, value(), 1);
        } else if (a == "--layers") {
            o.layers = parse_int(a, value(), 1);
        } else if (a == "--steps") {
            o.steps = parse_int(a, value(), 3);
        } else if (a == "--threads") {
            o.threads = static_cast<int>(parse_int(a, value(), 1));
        } else if (a == "--seed") {
            o.seed = static_cast<uint64_t>(parse_int(a, value(), 0));
        } else if (a == "--lr") {
            const std::string v = value();
            char* end = nullptr;
            o.lr = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || !(o.lr > 0))
                throw UsageError("--lr: expected a positive number, got '" + v + "'");
        } else if (a == "--json") {
            o.json = true;
        } else {
            throw UsageError("unknown flag '" + a + "' (see --help)");
        }
    }
    return o;
}

double peak_rss_mb() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
    return -1.0;
}

/// Embedding(V, E) → LSTM(E, H, layers) → Linear(H, V); inputs (T, B) ids, logits (T, B, V).
struct CharModelImpl : torch::nn::Module {
    CharModelImpl(int64_t V, int64_t E, int64_t H, int64_t layers)
        : emb(register_module("emb", torch::nn::Embedding(V, E))),
          lstm(register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(E, H).num_layers(layers)))),
          out(register_module("out", torch::nn::Linear(H, V))) {}
    torch::nn::Embedding emb;
    torch::nn::LSTM lstm;
    torch::nn::Linear out;
};
TORCH_MODULE(CharModel);

int run(const Options& o) {
    torch::set_num_threads(o.threads);
    torch::manual_seed(o.seed);
    const dl::TextCorpus corpus = dl::load_text_corpus(o.data);
    const int64_t V = corpus.vocab_size();
    // The course's split: the held-out part starts after the first "%\n" past 90 % of the text.
    const auto cut = static_cast<std::size_t>(double(corpus.size()) * (1.0 - o.val_fraction));
    std::size_t p = corpus.text.find(U"%\n", cut);
    const int64_t split = p != std::u32string::npos ? int64_t(p + 2) : int64_t(cut);
    const int64_t L = (split - 1) / o.B, windows = L / o.T;
    if (windows < 1) throw std::runtime_error("the text is too short for B·T = " +
                                              std::to_string(o.B * o.T) + " characters");
    auto ids = torch::from_blob(const_cast<int32_t*>(corpus.ids.data()), {corpus.size()},
                                torch::kInt32).to(torch::kInt64);

    CharModel model(V, o.E, o.H, o.layers);
    torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(o.lr));
    // Window w of every stream b as (T, B): column b starts at b·L + w·T.
    auto offsets = torch::arange(o.B, torch::kInt64) * L;   // (B)
    auto steps_t = torch::arange(o.T, torch::kInt64);       // (T)
    const auto base = steps_t.unsqueeze(1) + offsets.unsqueeze(0);  // (T, B)

    std::tuple<torch::Tensor, torch::Tensor> state{
        torch::zeros({o.layers, o.B, o.H}), torch::zeros({o.layers, o.B, o.H})};
    double seconds = 0, loss_sum = 0;
    int64_t timed = 0;
    for (int64_t s = 0; s < o.steps; ++s) {
        const int64_t w = s % windows;
        if (w == 0)
            state = {torch::zeros({o.layers, o.B, o.H}), torch::zeros({o.layers, o.B, o.H})};
        const auto idx = base + w * o.T;
        const auto x = ids.index({idx}), y = ids.index({idx + 1});  // (T, B)
        const auto t0 = std::chrono::steady_clock::now();
        opt.zero_grad();
        auto [h, st] = model->lstm->forward(model->emb->forward(x), state);
        auto logits = model->out->forward(h);  // (T, B, V)
        auto loss = torch::nn::functional::cross_entropy(logits.view({o.T * o.B, V}),
                                                         y.view({o.T * o.B}));
        loss.backward();
        torch::nn::utils::clip_grad_norm_(model->parameters(), o.clip);
        opt.step();
        const double l = loss.item<double>();
        const double dt =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        state = {std::get<0>(st).detach(), std::get<1>(st).detach()};  // truncated BPTT
        if (s >= 2) seconds += dt, loss_sum += l, ++timed;
        if (!o.json) std::printf("step %lld: loss %.4f, %.3f s\n", (long long)s + 1, l, dt);
    }
    const double sps = seconds / double(timed);
    if (o.json) {
        std::printf("{\"program\": \"libtorch_lstm\", \"torch_version\": \"%d.%d.%d\", "
                    "\"threads\": %d, \"vocab\": %lld, \"seq_len\": %lld, \"streams\": %lld, "
                    "\"embed\": %lld, \"hidden\": %lld, \"layers\": %lld, \"steps\": %lld, "
                    "\"seconds_per_step\": %.5f, \"train_loss\": %.4f, \"peak_rss_mb\": %.1f}\n",
                    TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR, TORCH_VERSION_PATCH, o.threads,
                    (long long)V, (long long)o.T, (long long)o.B, (long long)o.E, (long long)o.H,
                    (long long)o.layers, (long long)o.steps, sps, loss_sum / double(timed),
                    peak_rss_mb());
    } else {
        std::printf("Result: libtorch character model (V %lld, E %lld, LSTM %lld x%lld, T %lld, "
                    "B %lld): %.4f s per step, %d threads\n",
                    (long long)V, (long long)o.E, (long long)o.H, (long long)o.layers,
                    (long long)o.T, (long long)o.B, sps, o.threads);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    try {
        o = parse(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "libtorch_lstm: " << e.what() << "\n";
        return 2;
    }
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "libtorch_lstm: " << e.what() << "\n";
        return 1;
    }
}
