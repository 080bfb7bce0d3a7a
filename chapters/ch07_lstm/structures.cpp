/// @file structures.cpp
/// @brief The four recurrent structures on small tasks (see structures.hpp).
#include "structures.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "cli/progress.hpp"
#include "nn/dense.hpp"
#include "nn/lstm.hpp"
#include "nn/rnn.hpp"
#include "nn/sequential.hpp"

namespace ch07 {

using namespace dl;

namespace {

/// One structure: the data's shape, a generator of (x, y) for B sequences, and the model.
struct Spec {
    StructureResult r;
    int64_t D, K, T, H;
    bool lstm;
    nn::Returns returns;
    /// Fills x (D x T·B, time-major) and the target class of every output column (T·B of them
    /// for Sequence, B for Last).
    std::function<void(int64_t B, Rng&, std::vector<double>& x, std::vector<int>& y)> gen;
    double chance;
};

std::vector<Spec> specs() {
    std::vector<Spec> s;
    {   // one-to-one: y = a XOR b, one step
        Spec p;
        p.r = {"one-to-one", "一对一", "XOR of two bits", "", 0, 0, 0};
        p.D = 2, p.K = 2, p.T = 1, p.H = 8, p.lstm = false, p.returns = nn::Returns::Last;
        p.gen = [](int64_t B, Rng& rng, std::vector<double>& x, std::vector<int>& y) {
            for (int64_t b = 0; b < B; ++b) {
                const int a = int(rng.below(2)), c = int(rng.below(2));
                x[2 * b] = a, x[2 * b + 1] = c;
                y[b] = a ^ c;
            }
        };
        p.chance = 0.5;
        s.push_back(p);
    }
    {   // one-to-many: k at t = 0, then nothing; write k, k+1, …, k+5 (mod 10)
        Spec p;
        p.r = {"one-to-many", "一对多", "from a digit k, write k, k+1, ..., k+5 (mod 10)", "", 0,
               0, 0};
        p.D = 10, p.K = 10, p.T = 6, p.H = 32, p.lstm = true, p.returns = nn::Returns::Sequence;
        p.gen = [](int64_t B, Rng& rng, std::vector<double>& x, std::vector<int>& y) {
            for (int64_t b = 0; b < B; ++b) {
                const int k = int(rng.below(10));
                x[10 * b + k] = 1.0;                                 // only step 0 has an input
                for (int64_t t = 0; t < 6; ++t) y[t * B + b] = int((k + t) % 10);
            }
        };
        p.chance = 0.1;
        s.push_back(p);
    }
    {   // many-to-one: how many of 8 bits are 1
        Spec p;
        p.r = {"many-to-one", "多对一", "count the 1s among 8 bits (9 classes)", "", 0, 0, 0};
        p.D = 1, p.K = 9, p.T = 8, p.H = 16, p.lstm = true, p.returns = nn::Returns::Last;
        p.gen = [](int64_t B, Rng& rng, std::vector<double>& x, std::vector<int>& y) {
            for (int64_t b = 0; b < B; ++b) {
                int ones = 0;
                for (int64_t t = 0; t < 8; ++t) {
                    const int bit = int(rng.below(2));
                    x[t * B + b] = bit;
                    ones += bit;
                }
                y[b] = ones;
            }
        };
        p.chance = 70.0 / 256.0;  // C(8, 4)/2^8: always answering 4
        s.push_back(p);
    }
    {   // many-to-many: y_t = x_{t−2} (4 symbols), class 4 for "nothing yet" at t < 2
        Spec p;
        p.r = {"many-to-many", "多对多", "echo each of 4 symbols two steps later", "", 0, 0, 0};
        p.D = 4, p.K = 5, p.T = 10, p.H = 16, p.lstm = true, p.returns = nn::Returns::Sequence;
        p.gen = [](int64_t B, Rng& rng, std::vector<double>& x, std::vector<int>& y) {
            std::vector<int> sym(10);
            for (int64_t b = 0; b < B; ++b) {
                for (int64_t t = 0; t < 10; ++t) {
                    sym[t] = int(rng.below(4));
                    x[4 * (t * B + b) + sym[t]] = 1.0;
                    y[t * B + b] = t >= 2 ? sym[t - 2] : 4;
                }
            }
        };
        p.chance = 0.2 + 0.8 * 0.25;  // the 2 blanks right, a quarter of the rest
        s.push_back(p);
    }
    return s;
}

/// x, y of B sequences as tensors on `dev` (y one-hot, K x outputs).
void batch(const Spec& p, int64_t B, Rng& rng, Tensor& X, Tensor& Y, std::vector<int>& y) {
    std::vector<double> x(static_cast<std::size_t>(p.D * p.T * B), 0.0);
    const int64_t outs = p.returns == nn::Returns::Sequence ? p.T * B : B;
    y.assign(static_cast<std::size_t>(outs), 0);
    p.gen(B, rng, x, y);
    std::vector<double> onehot(static_cast<std::size_t>(p.K * outs), 0.0);
    for (int64_t j = 0; j < outs; ++j) onehot[p.K * j + y[j]] = 1.0;
    X.copy_from(Tensor::from_values(X.shape(), x));
    Y.copy_from(Tensor::from_values(Y.shape(), onehot));
}

}  // namespace

std::vector<StructureResult> run_structures(const Settings& s, int steps) {
    std::vector<StructureResult> out;
    const nn::Context ctx{s.device, DType::F32};
    const int64_t B = 32, test_B = 512;
    uint64_t k = 0;
    for (Spec p : specs()) {
        ++k;
        auto net = std::make_unique<nn::Sequential>();
        if (p.lstm)
            net->add<nn::LSTM>(p.H, p.T, p.returns);
        else
            net->add<nn::RNN>(p.H, p.T, p.returns);
        net->add<nn::Dense>(p.K, nn::Init::Xavier);
        nn::Model model(std::move(net), Shape::matrix(p.D, 1), p.T * test_B, ctx);
        Rng rng(s.seed * 100 + k);
        model.initialize(rng);
        auto opt = nn::make_optimizer(nn::OptimizerKind::Adam, model.params(), 0.01);
        nn::SoftmaxCrossEntropy loss;
        loss.reserve(model.output_shape(p.T * test_B), ctx);
        const int64_t outs = p.returns == nn::Returns::Sequence ? p.T : 1;
        Tensor X(Shape::matrix(p.D, p.T * B), DType::F32, s.device);
        Tensor Y(Shape::matrix(p.K, outs * B), DType::F32, s.device);
        Tensor scratch(Shape::matrix(1, 1), DType::F32, s.device);
        std::vector<int> y;
        Progress bar(steps, p.r.name, s.progress);
        for (int step = 1; step <= steps; ++step) {
            batch(p, B, rng, X, Y, y);
            const StepStats st = train_step(model, loss, *opt, X, Y, 1.0, scratch);
            if (step % 20 == 0) bar.update(step, cat("loss ", st.loss));
        }
        // Accuracy on fresh sequences: the most likely class of every output column.
        Tensor Xt(Shape::matrix(p.D, p.T * test_B), DType::F32, s.device);
        Tensor Yt(Shape::matrix(p.K, outs * test_B), DType::F32, s.device);
        batch(p, test_B, rng, Xt, Yt, y);
        const std::vector<double> z = model.forward(Xt, {false}).values();
        int64_t right = 0;
        for (std::size_t j = 0; j < y.size(); ++j) {
            const auto col = z.begin() + static_cast<std::ptrdiff_t>(j * p.K);
            right += int(std::max_element(col, col + p.K) - col) == y[j];
        }
        p.r.accuracy = double(right) / double(y.size());
        p.r.chance = p.chance;
        p.r.steps = steps;
        p.r.model = cat(p.lstm ? "LSTM " : "RNN ", p.H, ", T = ", p.T,
                        p.returns == nn::Returns::Last ? " (last step)" : " (every step)",
                        " -> Dense ", p.K);
        bar.finish(cat("accuracy ", p.r.accuracy));
        out.push_back(p.r);
    }
    return out;
}

}  // namespace ch07
