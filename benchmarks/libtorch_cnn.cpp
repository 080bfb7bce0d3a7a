/// @file libtorch_cnn.cpp
/// @brief The peers of chapter 6's networks: LeNet-5 and the small ResNet trained with the
/// PyTorch C++ frontend (libtorch), for the end-to-end comparison in the benchmarks.
///
/// Same data (Fashion-MNIST's IDX files, pixels scaled to [0, 1], 1×28×28 images), same
/// networks (common/nn/models.hpp: LeNet-5 with ReLU and max pooling, conv1 padded by 2; the
/// ResNet's 3x3 stem, residual blocks of two 3x3 conv-BN with ReLU, 1x1 projection shortcuts,
/// global average pooling and a dense layer, convolutions without bias), same mini-batch (64,
/// reshuffled every epoch), same optimizer (Adam, lr 1e-3, β1 0.9, β2 0.999, ε 1e-8), and the
/// same number of threads as the course's program. It times the training epochs only (not
/// loading, not the test pass) and reports, as one JSON line: seconds_per_epoch (the mean),
/// epoch_seconds (each), cpu_seconds_per_epoch (the process's CPU time, all threads),
/// test_accuracy and peak_rss_mb (VmHWM).
///
/// PyTorch stores a batch as (m, 1, 28, 28), batch-first; the course stores it [28 x 28 x 1 x m],
/// samples last. In memory the two are the same bytes.
#include <torch/torch.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Options {
    std::string model = "lenet";
    std::string data = "/usr/share/datasets/fashion-mnist";
    int epochs = 1;
    int threads = 2;
    int batch = 64;
    double lr = 1e-3;
    uint64_t seed = 0;
    int64_t max_batches = 0;  // 0: the whole epoch
    bool json = false;
};

void usage(std::ostream& os) {
    os << "libtorch_cnn: chapter 6's LeNet-5 or small ResNet trained with the PyTorch C++ "
          "frontend\n"
          "usage: libtorch_cnn [--model lenet|resnet] [--data DIR] [--epochs N] [--threads N]\n"
          "                    [--batch N] [--lr X] [--seed N] [--max-batches N] [--json]\n"
          "  --model M     lenet (default) or resnet\n"
          "  --data DIR    folder with Fashion-MNIST's *-idx?-ubyte.gz files\n"
          "                (default /usr/share/datasets/fashion-mnist)\n"
          "  --epochs N    training epochs (default 1)\n"
          "  --threads N   torch::set_num_threads (default 2)\n"
          "  --batch N     mini-batch size (default 64)\n"
          "  --lr X        Adam learning rate (default 0.001)\n"
          "  --seed N      torch::manual_seed (default 0)\n"
          "  --max-batches N  stop each epoch after N mini-batches (0, the default: all;\n"
          "                seconds_per_epoch then covers only those)\n"
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
        } else if (a == "--model") {
            o.model = value();
            if (o.model != "lenet" && o.model != "resnet")
                throw UsageError("--model: expected lenet or resnet, got '" + o.model + "'");
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
        } else {
            throw UsageError("unknown flag '" + a + "' (see --help)");
        }
    }
    return o;
}

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

/// IDX images (magic 2051) as an N x 1 x 28 x 28 float tensor in [0, 1].
torch::Tensor load_images(const std::string& path) {
    const auto raw = read_gz(path);
    if (raw.size() < 16 || be32(raw.data()) != 2051)
        throw std::runtime_error(path + ": not an IDX image file (magic 2051)");
    const int64_t n = be32(raw.data() + 4), h = be32(raw.data() + 8), w = be32(raw.data() + 12);
    if (raw.size() != std::size_t(16 + n * h * w))
        throw std::runtime_error(path + ": expected " + std::to_string(16 + n * h * w) +
                                 " bytes, got " + std::to_string(raw.size()));
    auto bytes = torch::from_blob(const_cast<unsigned char*>(raw.data() + 16), {n, 1, h, w},
                                  torch::kUInt8);
    return bytes.to(torch::kFloat32).div_(255.0f);
}

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

/// CPU time of the whole process (every thread), in seconds: on a machine shared with other
/// work, wall time depends on what else runs, the CPU time far less.
double cpu_seconds() {
    timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double peak_rss_mb() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
    return -1.0;
}

namespace nn = torch::nn;

/// LeNet-5 as common/nn/models.hpp builds it.
struct LeNetImpl : nn::Module {
    LeNetImpl()
        : conv1(register_module("conv1", nn::Conv2d(nn::Conv2dOptions(1, 6, 5).padding(2)))),
          conv2(register_module("conv2", nn::Conv2d(nn::Conv2dOptions(6, 16, 5)))),
          fc1(register_module("fc1", nn::Linear(400, 120))),
          fc2(register_module("fc2", nn::Linear(120, 84))),
          fc3(register_module("fc3", nn::Linear(84, 10))) {}
    torch::Tensor forward(torch::Tensor x) {
        x = torch::max_pool2d(torch::relu(conv1->forward(x)), 2);
        x = torch::max_pool2d(torch::relu(conv2->forward(x)), 2);
        x = x.flatten(1);
        x = torch::relu(fc1->forward(x));
        x = torch::relu(fc2->forward(x));
        return fc3->forward(x);
    }
    nn::Conv2d conv1, conv2;
    nn::Linear fc1, fc2, fc3;
};
TORCH_MODULE(LeNet);

nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int64_t stride, int64_t pad) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, k).stride(stride).padding(pad).bias(false));
}

/// The residual block: ReLU(BN(conv(ReLU(BN(conv(x))))) + shortcut(x)).
struct BlockImpl : nn::Module {
    BlockImpl(int64_t in, int64_t out, int64_t stride)
        : conv1(register_module("conv1", conv(in, out, 3, stride, 1))),
          bn1(register_module("bn1", nn::BatchNorm2d(out))),
          conv2(register_module("conv2", conv(out, out, 3, 1, 1))),
          bn2(register_module("bn2", nn::BatchNorm2d(out))) {
        if (stride != 1 || in != out) {
            sc_conv = register_module("sc_conv", conv(in, out, 1, stride, 0));
            sc_bn = register_module("sc_bn", nn::BatchNorm2d(out));
        }
    }
    torch::Tensor forward(torch::Tensor x) {
        auto y = bn2->forward(conv2->forward(torch::relu(bn1->forward(conv1->forward(x)))));
        auto s = sc_conv ? sc_bn->forward(sc_conv->forward(x)) : x;
        return torch::relu(y + s);
    }
    nn::Conv2d conv1, conv2, sc_conv{nullptr};
    nn::BatchNorm2d bn1, bn2, sc_bn{nullptr};
};
TORCH_MODULE(Block);

/// The small ResNet of common/nn/models.hpp: widths 16, 32, 64, two blocks per stage.
struct ResNetImpl : nn::Module {
    ResNetImpl()
        : stem(register_module("stem", conv(1, 16, 3, 1, 1))),
          bn(register_module("bn", nn::BatchNorm2d(16))),
          fc(register_module("fc", nn::Linear(64, 10))) {
        const int64_t widths[3] = {16, 32, 64};
        int64_t c = 16;
        for (int s = 0; s < 3; ++s)
            for (int i = 0; i < 2; ++i) {
                blocks->push_back(Block(c, widths[s], (s > 0 && i == 0) ? 2 : 1));
                c = widths[s];
            }
        register_module("blocks", blocks);
    }
    torch::Tensor forward(torch::Tensor x) {
        x = torch::relu(bn->forward(stem->forward(x)));
        x = blocks->forward(x);
        x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
        return fc->forward(x);
    }
    nn::Conv2d stem;
    nn::BatchNorm2d bn;
    nn::Sequential blocks;
    nn::Linear fc;
};
TORCH_MODULE(ResNet);

template <class Net>
int train(Net model, const Options& o) {
    torch::set_num_threads(o.threads);
    torch::manual_seed(o.seed);
    const std::string d = o.data + "/";
    const auto X = load_images(d + "train-images-idx3-ubyte.gz");
    const auto Y = load_labels(d + "train-labels-idx1-ubyte.gz");
    const auto Xt = load_images(d + "t10k-images-idx3-ubyte.gz");
    const auto Yt = load_labels(d + "t10k-labels-idx1-ubyte.gz");
    const int64_t m = X.size(0);
    torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(o.lr));
    std::vector<double> seconds;
    double cpu = 0.0, last_loss = 0.0;
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        model->train();
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpu_seconds();
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
            loss_sum += loss.template item<double>();
            ++batches;
        }
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        cpu += cpu_seconds() - c0;
        last_loss = loss_sum / double(batches);
        if (!o.json)
            std::cout << "epoch " << epoch + 1 << ": mean training loss " << last_loss << ", "
                      << seconds.back() << " s\n";
    }
    double correct = 0;
    {
        torch::NoGradGuard no_grad;
        model->eval();
        for (int64_t s = 0; s < Xt.size(0); s += 1000) {
            const auto xb = Xt.slice(0, s, s + 1000), yb = Yt.slice(0, s, s + 1000);
            correct += model->forward(xb).argmax(1).eq(yb).sum().template item<double>();
        }
    }
    const double acc = correct / double(Yt.size(0));
    double spe = 0;
    for (double s : seconds) spe += s;
    spe /= double(seconds.size());
    const double rss = peak_rss_mb();
    if (o.json) {
        std::string each;
        for (double s : seconds) each += (each.empty() ? "" : ", ") + std::to_string(s);
        std::printf(
            "{\"program\": \"libtorch_cnn\", \"model\": \"%s\", \"torch_version\": \"%d.%d.%d\", "
            "\"threads\": %d, \"batch\": %d, \"epochs\": %d, \"seconds_per_epoch\": %.4f, "
            "\"epoch_seconds\": [%s], \"cpu_seconds_per_epoch\": %.4f, \"train_loss\": %.5f, "
            "\"test_accuracy\": %.4f, \"peak_rss_mb\": %.1f}\n",
            o.model.c_str(), TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR, TORCH_VERSION_PATCH,
            o.threads, o.batch, o.epochs, spe, each.c_str(), cpu / double(seconds.size()),
            last_loss, acc, rss);
    } else {
        std::printf("Result: libtorch %s, %.3f s/epoch, test accuracy %.4f, peak RSS %.1f MB\n",
                    o.model.c_str(), spe, acc, rss);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    try {
        o = parse(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "libtorch_cnn: " << e.what() << "\n";
        return 2;
    }
    try {
        if (o.model == "lenet") return train(LeNet(), o);
        return train(ResNet(), o);
    } catch (const std::exception& e) {
        std::cerr << "libtorch_cnn: " << e.what() << "\n";
        return 1;
    }
}
