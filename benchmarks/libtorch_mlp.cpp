/// @file libtorch_mlp.cpp
/// @brief The peer of chapter 4's MLP: the same 784-256-128-10 network trained with the PyTorch
/// C++ frontend (libtorch), for the end-to-end comparison in the benchmarks.
///
/// Same data (Fashion-MNIST's IDX files, pixels scaled to [0, 1]), same model
/// (LINEAR→ReLU→LINEAR→ReLU→LINEAR→softmax cross-entropy), same mini-batch (64, reshuffled every
/// epoch), same optimizer (Adam, lr 1e-3, β1 0.9, β2 0.999, ε 1e-8) and the same number of
/// threads as the course's program, and the same float mode: subnormal floats flushed to zero
/// (torch's set_flush_denormal, what the course's library sets at start-up; --keep-denormals
/// turns it off). It times each training epoch (not loading, not the test pass) and reports, as
/// one JSON line: epoch_seconds (each epoch), seconds_per_epoch (their mean), test_accuracy and
/// peak_rss_mb (the kernel's high-water mark of resident memory, VmHWM).
///
/// PyTorch stores a batch as rows (m x 784, batch-first); the course stores it as columns
/// (784 x m, column-major). In memory the two are the same bytes.
#include <torch/torch.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Options {
    std::string data = "/usr/share/datasets/fashion-mnist";
    int epochs = 1;
    int threads = 2;
    int batch = 64;
    double lr = 1e-3;
    uint64_t seed = 0;
    int64_t max_batches = 0;  // 0: the whole epoch
    bool json = false;
    bool flush_denormal = true;
};

void usage(std::ostream& os) {
    os << "libtorch_mlp: chapter 4's MLP 784-256-128-10 trained with the PyTorch C++ frontend\n"
          "usage: libtorch_mlp [--data DIR] [--epochs N] [--threads N] [--batch N] [--lr X]\n"
          "                    [--seed N] [--keep-denormals] [--json]\n"
          "  --data DIR    folder with Fashion-MNIST's *-idx?-ubyte.gz files\n"
          "                (default /usr/share/datasets/fashion-mnist)\n"
          "  --epochs N    training epochs (default 1)\n"
          "  --threads N   torch::set_num_threads (default 2)\n"
          "  --batch N     mini-batch size (default 64)\n"
          "  --lr X        Adam learning rate (default 0.001)\n"
          "  --seed N      torch::manual_seed (default 0)\n"
          "  --max-batches N  stop each epoch after N mini-batches (0, the default: all;\n"
          "                for smoke tests; seconds_per_epoch then covers only those)\n"
          "  --keep-denormals  compute with subnormal floats (default: flush them to zero,\n"
          "                like the course's library)\n"
          "  --json        print the results as one JSON line\n";
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
        } else if (a == "--epochs") {
            o.epochs = static_cast<int>(parse_int(a, value(), 1));
        } else if (a == "--threads") {
            o.threads = static_cast<int>(parse_int(a, value(), 1));
        } else if (a == "--batch") {
            o.batch = static_cast<int>(parse_int(a, value(), 1));
        } else if (a == "--seed") {
            o.seed = static_cast<uint64_t>(parse_int(a, value(), 0));
        } else if (a == "--max-batches") {
            o.max_batches = parse_int(a, value(), 0);
        } else if (a == "--lr") {
            const std::string v = value();
            char* end = nullptr;
            o.lr = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || !(o.lr > 0))
                throw UsageError("--lr: expected a positive number, got '" + v + "'");
        } else if (a == "--json") {
            o.json = true;
        } else if (a == "--keep-denormals") {
            o.flush_denormal = false;
        } else {
            throw UsageError("unknown flag '" + a + "' (see --help)");
        }
    }
    return o;
}

/// Reads a whole gzip file into memory.
std::vector<unsigned char> read_gz(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw std::runtime_error("cannot open " + path);
    std::vector<unsigned char> out;
    unsigned char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.insert(out.end(), buf, buf + n);
    const bool bad = n < 0;
    gzclose(f);
    if (bad) throw std::runtime_error(path + ": corrupt gzip data");
    return out;
}

uint32_t be32(const unsigned char* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

/// IDX images (magic 2051) as an N x 784 float tensor in [0, 1].
torch::Tensor load_images(const std::string& path) {
    const auto raw = read_gz(path);
    if (raw.size() < 16 || be32(raw.data()) != 2051)
        throw std::runtime_error(path + ": not an IDX image file (magic 2051)");
    const int64_t n = be32(raw.data() + 4), h = be32(raw.data() + 8), w = be32(raw.data() + 12);
    if (raw.size() != std::size_t(16 + n * h * w))
        throw std::runtime_error(path + ": expected " + std::to_string(16 + n * h * w) +
                                 " bytes, got " + std::to_string(raw.size()));
    auto bytes = torch::from_blob(const_cast<unsigned char*>(raw.data() + 16), {n, h * w},
                                  torch::kUInt8);
    return bytes.to(torch::kFloat32).div_(255.0f);  // a copy: raw may go
}

/// IDX labels (magic 2049) as an N int64 tensor.
torch::Tensor load_labels(const std::string& path) {
    const auto raw = read_gz(path);
    if (raw.size() < 8 || be32(raw.data()) != 2049)
        throw std::runtime_error(path + ": not an IDX label file (magic 2049)");
    const int64_t n = be32(raw.data() + 4);
    if (raw.size() != std::size_t(8 + n))
        throw std::runtime_error(path + ": expected " + std::to_string(8 + n) + " bytes, got " +
                                 std::to_string(raw.size()));
    auto bytes =
        torch::from_blob(const_cast<unsigned char*>(raw.data() + 8), {n}, torch::kUInt8);
    return bytes.to(torch::kInt64);
}

/// Peak resident memory of this process in MB (VmHWM from /proc/self/status), -1 if unknown.
double peak_rss_mb() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
    return -1.0;
}

/// 784-256-128-10 with ReLU; the softmax is inside the loss (cross_entropy on the logits).
struct MlpImpl : torch::nn::Module {
    MlpImpl()
        : fc1(register_module("fc1", torch::nn::Linear(784, 256))),
          fc2(register_module("fc2", torch::nn::Linear(256, 128))),
          fc3(register_module("fc3", torch::nn::Linear(128, 10))) {}
    torch::Tensor forward(torch::Tensor x) {
        x = torch::relu(fc1->forward(x));
        x = torch::relu(fc2->forward(x));
        return fc3->forward(x);
    }
    torch::nn::Linear fc1, fc2, fc3;
};
TORCH_MODULE(Mlp);

int run(const Options& o) {
    // Before any thread exists: the intra-op threads inherit the mode from this one.
    const bool flushing = o.flush_denormal && at::globalContext().setFlushDenormal(true);
    torch::set_num_threads(o.threads);
    torch::manual_seed(o.seed);
    const std::string d = o.data + "/";
    const auto X = load_images(d + "train-images-idx3-ubyte.gz");
    const auto Y = load_labels(d + "train-labels-idx1-ubyte.gz");
    const auto Xt = load_images(d + "t10k-images-idx3-ubyte.gz");
    const auto Yt = load_labels(d + "t10k-labels-idx1-ubyte.gz");
    const int64_t m = X.size(0);

    Mlp model;
    torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(o.lr));

    double train_seconds = 0.0;
    std::vector<double> epoch_seconds;
    double last_loss = 0.0;
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto perm = torch::randperm(m, torch::kInt64);
        double loss_sum = 0.0;
        int64_t batches = 0;
        for (int64_t s = 0; s < m && (o.max_batches == 0 || batches < o.max_batches);
             s += o.batch) {
            const auto idx = perm.slice(0, s, std::min<int64_t>(s + o.batch, m));
            const auto xb = X.index_select(0, idx);
            const auto yb = Y.index_select(0, idx);
            opt.zero_grad();
            auto loss = torch::nn::functional::cross_entropy(model->forward(xb), yb);
            loss.backward();
            opt.step();
            loss_sum += loss.item<double>();
            ++batches;
        }
        epoch_seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        train_seconds += epoch_seconds.back();
        last_loss = loss_sum / double(batches);
        if (!o.json)
            std::cout << "epoch " << epoch + 1 << ": mean training loss " << last_loss << "\n";
    }

    double acc;
    {
        torch::NoGradGuard no_grad;
        const auto pred = model->forward(Xt).argmax(1);
        acc = pred.eq(Yt).sum().item<double>() / double(Yt.size(0));
    }
    const double spe = train_seconds / o.epochs;
    const double rss = peak_rss_mb();
    if (o.json) {
        std::string epochs = "[";
        for (std::size_t e = 0; e < epoch_seconds.size(); ++e) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%s%.4f", e ? ", " : "", epoch_seconds[e]);
            epochs += buf;
        }
        epochs += "]";
        std::printf(
            "{\"program\": \"libtorch_mlp\", \"torch_version\": \"%d.%d.%d\", \"threads\": %d, "
            "\"batch\": %d, \"epochs\": %d, \"epoch_seconds\": %s, \"seconds_per_epoch\": %.4f, "
            "\"train_loss\": %.5f, \"test_accuracy\": %.4f, \"peak_rss_mb\": %.1f, "
            "\"flush_denormal\": %s}\n",
            TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR, TORCH_VERSION_PATCH, o.threads, o.batch,
            o.epochs, epochs.c_str(), spe, last_loss, acc, rss, flushing ? "true" : "false");
    } else {
        std::printf("Result: libtorch MLP 784-256-128-10, %.3f s/epoch, test accuracy %.4f, "
                    "peak RSS %.1f MB\n",
                    spe, acc, rss);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    try {
        o = parse(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "libtorch_mlp: " << e.what() << "\n";
        return 2;
    }
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "libtorch_mlp: " << e.what() << "\n";
        return 1;
    }
}
