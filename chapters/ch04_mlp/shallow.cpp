/// @file shallow.cpp
/// @brief The shallow network on the flower: logistic regression vs one hidden layer, the
/// hidden-size sweep, the activations, and zero vs random initialisation.
#include "shallow.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "exercises/ch04.hpp"
#include "io/atomic_file.hpp"
#include "io/svg_plot.hpp"
#include "data/dataset.hpp"
#include "net.hpp"
#include "nn/loss.hpp"
#include "nn/optimizer.hpp"

namespace ch04 {

using namespace dl;

Points make_flower(int per_class, Rng& rng) {
    const int m = 2 * per_class;
    std::vector<double> v(2 * m);
    Points p;
    p.y.resize(m);
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < per_class; ++i) {
            const int j = c * per_class + i;
            // t sweeps half a turn per class; r = 4 sin(4t) draws the petals.
            const double t = 3.12 * (c + double(i) / (per_class - 1)) + rng.normal(0, 0.2);
            const double r = 4.0 * std::sin(4.0 * t) + rng.normal(0, 0.2);
            v[2 * j] = r * std::sin(t);
            v[2 * j + 1] = r * std::cos(t);
            p.y[j] = c;
        }
    p.X = Tensor::from_values(Shape::matrix(2, m), v);
    return p;
}

double train_full_batch(nn::Model& net, const Points& data, double lr, int iterations) {
    const Tensor Y = one_hot(data.y, int(net.output_shape(1).rows()));
    nn::SoftmaxCrossEntropy loss;
    loss.reserve(net.output_shape(data.X.cols()), net.context());
    nn::Sgd gd(net.params(), lr);
    for (int it = 0; it < iterations; ++it) {
        net.zero_grad();
        loss.forward(net.forward(data.X, {true}), Y);  // A[L], L, dZ[L]
        net.backward(loss.dZ());                       // every dW[l], db[l]
        gd.step();                                     // W ← W − α·dW
    }
    return loss.cost();  // J of the last forward pass
}

double accuracy(nn::Model& net, const Points& data) {
    const Tensor Z = net.forward(data.X, {false});  // argmax of Z[L] = argmax of softmax
    const auto a = Z.values();
    const int64_t K = Z.rows();
    int64_t right = 0;
    for (std::size_t j = 0; j < data.y.size(); ++j) {
        int64_t best = 0;
        for (int64_t k = 1; k < K; ++k)
            if (a[j * K + k] > a[j * K + best]) best = k;
        right += best == data.y[j];
    }
    return double(right) / double(data.y.size());
}

namespace {

/// The grid of the decision-region plots: 90 x 90 cells, classified in one batch.
constexpr int kCells = 90;

std::unique_ptr<nn::Model> make_net(std::vector<int64_t> sizes, Activation g, nn::Init init,
                                    uint64_t seed, int64_t batch) {
    Rng rng(seed);
    return ch04::make_net(sizes, g, init, rng, std::max<int64_t>(batch, kCells * kCells));
}

/// A plot of the points and the net's decision regions (classified in one batch).
SvgPlot region_plot(nn::Model& net, const Points& data, const std::string& title) {
    const double lo = -4.5, hi = 4.5;
    const int cells = kCells;
    std::vector<double> grid(2 * cells * cells);
    for (int iy = 0; iy < cells; ++iy)
        for (int ix = 0; ix < cells; ++ix) {
            const int j = iy * cells + ix;
            grid[2 * j] = lo + (hi - lo) * (ix + 0.5) / cells;
            grid[2 * j + 1] = lo + (hi - lo) * (iy + 0.5) / cells;
        }
    const Tensor G = Tensor::from_values(Shape::matrix(2, cells * cells), grid);
    const auto a = net.forward(G, {false}).values();
    std::vector<int> cls(cells * cells);
    for (int j = 0; j < cells * cells; ++j) cls[j] = a[2 * j + 1] > a[2 * j] ? 1 : 0;
    SvgPlot p(title, "x1", "x2", 320, 300);
    p.set_x_range(lo, hi).set_y_range(lo, hi);
    p.regions([cls, lo, hi, cells](double x, double y) {
        const int ix = std::clamp(int((x - lo) / (hi - lo) * cells), 0, cells - 1);
        const int iy = std::clamp(int((y - lo) / (hi - lo) * cells), 0, cells - 1);
        return cls[iy * cells + ix];
    }, cells, cells);
    const auto x = data.X.values();
    std::vector<double> xs, ys;
    for (std::size_t j = 0; j < data.y.size(); ++j) xs.push_back(x[2 * j]), ys.push_back(x[2 * j + 1]);
    p.scatter(xs, ys, data.y, {"y = 0", "y = 1"}, 2.0);
    return p;
}

/// Largest difference between any hidden unit's weights and unit 0's: 0 means symmetric.
double row_spread(const Tensor& W) {
    const auto w = W.values();
    const int64_t n = W.rows(), k = W.cols();
    double worst = 0;
    for (int64_t i = 1; i < n; ++i)
        for (int64_t c = 0; c < k; ++c)
            worst = std::max(worst, std::abs(w[c * n + i] - w[c * n]));
    return worst;
}

}  // namespace

static nn::Init matched_init(Activation g) {
    return g == Activation::ReLU || g == Activation::LeakyReLU ? nn::Init::He : nn::Init::Xavier;
}

std::vector<ActivationRun> compare_activations(uint64_t seed, const Points& data, int iterations) {
    std::vector<ActivationRun> runs;
    for (Activation g : {Activation::Sigmoid, Activation::Tanh, Activation::ReLU,
                         Activation::LeakyReLU}) {
        auto net = make_net({2, kCompareUnits, 2}, g, matched_init(g), seed, data.X.cols());
        ActivationRun run{activation_name(g)};
        run.cost_300 = train_full_batch(*net, data, kCompareRate, 300);
        run.cost_1000 = train_full_batch(*net, data, kCompareRate, 700);
        run.cost_end = iterations > 1000
                           ? train_full_batch(*net, data, kCompareRate, iterations - 1000)
                           : run.cost_1000;
        run.accuracy = accuracy(*net, data);
        runs.push_back(run);
    }
    return runs;
}

static void print_comparison(const std::vector<ActivationRun>& runs, int iterations) {
    std::printf("%d hidden units, each activation with the initialisation made for it (Xavier for "
                "sigmoid and tanh, He for the ReLUs), learning rate %.1f for all (stable for all "
                "four), full batch.\n", kCompareUnits, kCompareRate);
    std::printf("  %-10s  J after 300   1000   %5d   training accuracy\n", "g", iterations);
    for (const auto& c : runs)
        std::printf("  %-10s  %12.4f %6.4f  %6.4f   %.3f\n", c.name.c_str(), c.cost_300,
                    c.cost_1000, c.cost_end, c.accuracy);
    std::printf("Sigmoid learns slowest: its slope is at most 0.25 and its outputs are not centred "
                "on 0. In this shallow net tanh is even a little ahead of ReLU; ReLU's advantage is "
                "depth (below). With 5 units and rate 0.5 ReLU falls behind for other reasons: 5 "
                "folds cannot draw curved petals, and steps that large make its unbounded units "
                "overshoot and die.\n");
}

std::vector<DeepRun> compare_deep(uint64_t seed, const Points& data) {
    std::vector<int64_t> sizes{2};
    for (int l = 0; l < kDeepLayers; ++l) sizes.push_back(kDeepUnits);
    sizes.push_back(2);
    const Tensor Y = one_hot(data.y, 2);
    std::vector<DeepRun> runs;
    for (Activation g : {Activation::Sigmoid, Activation::Tanh, Activation::ReLU}) {
        auto net = make_net(sizes, g, matched_init(g), seed, data.X.cols());
        DeepRun run{activation_name(g), {}, 0.0};
        // One backward pass at the initial weights: ‖dW[l]‖_F for l = 1 … L.
        nn::SoftmaxCrossEntropy loss;
        loss.reserve(net->output_shape(data.X.cols()), net->context());
        net->zero_grad();
        loss.forward(net->forward(data.X, {true}), Y);
        net->backward(loss.dZ());
        for (nn::Param* W : weights(*net)) {
            double s = 0;
            for (double v : W->grad.values()) s += v * v;
            run.grad_norms.push_back(std::sqrt(s));
        }
        run.cost_300 = train_full_batch(*net, data, kCompareRate, 300);
        runs.push_back(run);
    }
    return runs;
}

static void print_deep(const std::vector<DeepRun>& runs) {
    std::printf("\nThe backward pass in a deep net: %d hidden layers of %d units, ‖dW[l]‖ at the "
                "initial weights (梯度消失, vanishing gradients):\n", kDeepLayers, kDeepUnits);
    std::printf("  %-8s", "g");
    for (std::size_t l = 0; l < runs[0].grad_norms.size(); ++l) std::printf("  dW[%zu]  ", l + 1);
    std::printf("  J after 300 steps\n");
    for (const auto& d : runs) {
        std::printf("  %-8s", d.name.c_str());
        for (double n : d.grad_norms) std::printf("  %.1e", n);
        std::printf("  %.4f\n", d.cost_300);
    }
    std::printf("σ' ≤ 0.25 shrinks the gradient at every sigmoid layer: the first layers barely "
                "move and J stays at ln 2 = 0.6931. ReLU passes it on unchanged where a unit is "
                "active and learns fastest, as the lectures say: depth is where its speed shows.\n");
}

ShallowResults run_shallow(uint64_t seed, bool quick, const std::string& out) {
    ShallowResults r;
    Rng rng(seed);
    const Points data = make_flower(200, rng);
    const int m = int(data.X.cols());
    const int iters = quick ? 3000 : 10000;
    const double lr = 1.2;

    std::printf("\n== 1. Shallow network (浅层神经网络) on the flower: %d points, 2 classes ==\n", m);
    std::printf("Full-batch gradient descent, learning rate %.1f, %d iterations each.\n", lr, iters);
    {
        auto lr_net = make_net({2, 2}, Activation::Identity, nn::Init::Small, seed, m);
        const double J = train_full_batch(*lr_net, data, lr, iters);
        r.logistic_accuracy = accuracy(*lr_net, data);
        std::printf("Logistic regression (no hidden layer; written as a 2-unit softmax, "
                    "σ(z1 − z0), the same straight boundary): cost %.4f, training accuracy %.3f "
                    "— a straight line cannot separate the petals.\n", J, r.logistic_accuracy);
    }
    std::vector<SvgPlot> plots;
    // --quick leaves out the two large layers (their tanh units dominate the run time).
    const std::vector<int> sizes = quick ? std::vector<int>{1, 2, 3, 4, 5}
                                         : std::vector<int>{1, 2, 3, 4, 5, 20, 50};
    for (int nh : sizes) {
        auto net = make_net({2, nh, 2}, Activation::Tanh, nn::Init::Small, seed, m);
        const double J = train_full_batch(*net, data, lr, iters);
        const double acc = accuracy(*net, data);
        r.hidden_sizes.push_back({nh, acc});
        if (nh == 4) r.tanh4_accuracy = acc;
        std::printf("  hidden layer of %2d tanh units: cost %.4f, training accuracy %.3f\n", nh, J, acc);
        char title[64];
        std::snprintf(title, sizeof title, "%d hidden unit%s: %.1f %%", nh, nh == 1 ? "" : "s", 100 * acc);
        plots.push_back(region_plot(*net, data, title));
    }
    std::printf("One hidden layer of 4 tanh units: training accuracy %.3f. More units fit the "
                "petals more closely; very many begin to fit noise.\n", r.tanh4_accuracy);
    save_svg_grid(plots, 4, quick ? "Decision regions for hidden layer sizes 1 to 5"
                                  : "Decision regions for hidden layer sizes 1, 2, 3, 4, 5, 20, 50",
                  join_path(out, "hidden_sizes.svg"));

    std::printf("\n== 2. Activation functions (激活函数): the same budget for each ==\n");
    r.comparison = compare_activations(seed, data, iters);
    print_comparison(r.comparison, iters);
    r.deep = compare_deep(seed, data);
    print_deep(r.deep);

    std::printf("\n== 3. Initialisation: zeros, a constant, random ==\n");
    {
        auto net = make_net({2, 4, 2}, Activation::Tanh, nn::Init::Zeros, seed, m);
        train_full_batch(*net, data, lr, iters);
        r.zero_init_accuracy = accuracy(*net, data);
        double mx = 0;
        for (double w : weights(*net)[0]->value.values()) mx = std::max(mx, std::abs(w));
        r.zero_init_max_w1 = mx;
        std::printf("W = 0: tanh(0) = 0 so A[1] = 0, dW[2] = 0 and dA[1] = W[2]ᵀ·dZ = 0: nothing "
                    "but b[2] ever moves. max |W[1]| after training = %g, accuracy %.3f.\n",
                    mx, r.zero_init_accuracy);
    }
    {
        auto net = make_net({2, 4, 2}, Activation::Tanh, nn::Init::Zeros, seed, m);
        weights(*net)[0]->value.fill(0.5);
        weights(*net)[1]->value.fill(0.5);
        train_full_batch(*net, data, lr, iters);
        r.const_init_accuracy = accuracy(*net, data);
        r.const_init_row_spread = row_spread(weights(*net)[0]->value);
        std::printf("Every weight 0.5: the 4 hidden units compute the same function and get the "
                    "same gradient, so they stay identical (symmetry, 对称性): largest difference "
                    "between rows of W[1] after %d steps = %g; accuracy %.3f — as good as 1 unit.\n",
                    iters, r.const_init_row_spread, r.const_init_accuracy);
    }
    {
        auto net = make_net({2, 4, 2}, Activation::Tanh, nn::Init::Small, seed, m);
        train_full_batch(*net, data, lr, iters);
        r.random_init_row_spread = row_spread(weights(*net)[0]->value);
        std::printf("W = 0.01·N(0, 1): the units differ from the start (row difference %.3f after "
                    "training) and the net reaches %.3f.\n", r.random_init_row_spread,
                    accuracy(*net, data));
    }
    return r;
}

Json to_json(const ShallowResults& r) {
    Json j = Json::object();
    j["logistic_accuracy"] = r.logistic_accuracy;
    j["tanh4_accuracy"] = r.tanh4_accuracy;
    Json hs = Json::object();
    for (auto& [n, a] : r.hidden_sizes) hs[std::to_string(n)] = a;
    j["hidden_sizes"] = hs;
    Json act = Json::object(), cost = Json::object(), deep = Json::object(), norms = Json::object();
    for (const auto& c : r.comparison) act[c.name] = c.accuracy, cost[c.name] = c.cost_1000;
    j["activations"] = act;  // training accuracy after the whole budget
    j["activation_cost_1000"] = cost;
    for (const auto& d : r.deep) deep[d.name] = d.cost_300, norms[d.name] = d.grad_norms;
    j["deep_cost_300"] = deep;
    j["deep_grad_norms"] = norms;
    j["zero_init_accuracy"] = r.zero_init_accuracy;
    j["zero_init_max_abs_w1"] = r.zero_init_max_w1;
    j["constant_init_row_spread"] = r.const_init_row_spread;
    j["random_init_row_spread"] = r.random_init_row_spread;
    return j;
}

}  // namespace ch04
