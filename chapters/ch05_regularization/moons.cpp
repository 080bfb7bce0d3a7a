/// @file moons.cpp
/// @brief Section 9b: the optimizers compared on a classification task, as the lecture's
/// assignment does — two interleaved half moons, a 2-5-2-1 ReLU network, mini-batches of 64,
/// α = 0.0007 — with gradient descent, momentum, RMSprop, Adagrad and Adam.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "exercises/ch05.hpp"
#include "io/svg_plot.hpp"
#include "nn/loss.hpp"
#include "nn/mlp.hpp"
#include "nn/sequential.hpp"
#include "nn/trainer.hpp"
#include "sections.hpp"

namespace ch05 {

using namespace dl;

namespace {

/// n points on two interleaving half circles with Gaussian noise (the construction of
/// scikit-learn's make_moons): the upper moon (cos t, sin t), label 0, and the lower one
/// (1 − cos t, ½ − sin t), label 1, for t evenly spaced in [0, π].
std::pair<Tensor, Tensor> moons(int n, double noise, Rng& rng) {
    std::vector<double> x, y;
    const int upper = n / 2, lower = n - upper;
    for (int k = 0; k < n; ++k) {
        const bool second = k >= upper;
        const int i = second ? k - upper : k;
        const double t = M_PI * i / double((second ? lower : upper) - 1);
        const double px = second ? 1 - std::cos(t) : std::cos(t);
        const double py = second ? 0.5 - std::sin(t) : std::sin(t);
        x.push_back(px + rng.normal(0, noise));
        x.push_back(py + rng.normal(0, noise));
        y.push_back(second ? 1.0 : 0.0);
    }
    return {Tensor::from_values(Shape::matrix(2, n), x), Tensor::from_values(Shape::matrix(1, n), y)};
}

/// He initialisation, drawn again while a hidden unit is "dead" on the training points: with
/// only 2 units in the second layer, some draws give a ReLU that outputs 0 for (nearly) every
/// point, which then gets no gradient and never recovers, and the network is left with one
/// boundary line or none (accuracy 0.5). Every optimizer starts from the same first live draw.
void live_init(nn::Model& model, const Tensor& X, Rng& rng) {
    auto& net = static_cast<nn::Sequential&>(model.net());
    for (int attempt = 0; attempt < 100; ++attempt) {
        model.initialize(rng);
        std::vector<int> active;  // per hidden unit: training points where it is > 0
        for (int64_t b = 0; b + 64 <= X.cols(); b += 64) {
            model.forward(X.slice_cols(b, b + 64), {false});
            std::size_t k = 0;
            for (std::size_t i = 1; i + 1 < net.size(); i += 2) {  // the ReLU outputs
                const Tensor& A = net.output(i);
                const auto a = A.values();
                for (int64_t u = 0; u < A.rows(); ++u, ++k) {
                    if (active.size() <= k) active.push_back(0);
                    for (int64_t j = 0; j < A.cols(); ++j) active[k] += a[j * A.rows() + u] > 0;
                }
            }
        }
        bool live = true;
        for (int n : active) live = live && n >= 15;  // alive on at least 15 of 256 points
        if (live) return;
    }
    fail("moons: no live initialisation in 100 draws");
}

struct Setting {
    std::string name;
    nn::OptimizerKind kind;
    double lr;
    double decay = 0;  ///< 1/(1 + decay·epoch) by the exercise (0: none)
};

}  // namespace

double MoonsReport::accuracy(const std::string& name) const {
    for (const auto& [n, a] : test_accuracy)
        if (n == name) return a;
    return std::nan("");
}

MoonsReport run_moons(const Env& env, int epochs, bool plot) {
    if (plot)
        std::printf("\nThe lecture's assignment on the \"moons\" (300 training points, noise 0.2): a "
                    "2-5-2-1 ReLU network, sigmoid output, mini-batches of 64, %d epochs:\n", epochs);
    MoonsReport r;
    r.epochs = epochs;
    // The data set is fixed, as the assignment's is; the seed changes the initialisation and
    // the order of the mini-batches.
    Rng data_rng(100);
    const auto [Xtr, Ytr] = moons(300, 0.2, data_rng);
    const auto [Xte, Yte] = moons(300, 0.2, data_rng);
    const Tensor Xd = Xtr.to(env.device), Yd = Ytr.to(env.device);
    const Tensor Xt = Xte.to(env.device), Yt = Yte.to(env.device);
    const nn::TensorSource train(Xd, Yd), test(Xt, Yt);
    const std::vector<Setting> settings = {
        {"gradient descent", nn::OptimizerKind::SGD, 0.0007},
        {"momentum", nn::OptimizerKind::Momentum, 0.0007},
        {"RMSprop", nn::OptimizerKind::RMSprop, 0.0007},
        {"Adagrad", nn::OptimizerKind::Adagrad, 0.0007},
        {"Adam", nn::OptimizerKind::Adam, 0.0007},
        {"gradient descent, α₀ = 0.1, 1/(1 + 0.001·epoch)", nn::OptimizerKind::SGD, 0.1, 0.001},
    };
    std::vector<SvgPlot> plots;
    for (const Setting& st : settings) {
        //! [moons_model]
        auto model = nn::make_mlp_model({2, 5, 2, 1}, Activation::ReLU, nn::Init::He, 64,
                                        {env.device, DType::F32});
        Rng init(env.seed + 101);
        live_init(*model, Xd, init);
        nn::BinaryCrossEntropy loss;
        auto opt = nn::make_optimizer(st.kind, model->params(), st.lr);  // β = 0.9, β₂ = 0.999
        nn::TrainOptions o;
        o.batch = 64;
        o.seed = env.seed + 102;
        if (st.decay > 0)
            o.lr_schedule = [st](int e) { return exercises::learning_rate_decay(st.lr, st.decay, e - 1); };
        nn::Trainer trainer(*model, loss, *opt, train, o);
        trainer.fit(epochs);
        //! [moons_model]
        const double acc = trainer.evaluate(test).accuracy;
        r.test_accuracy.push_back({st.name, acc});
        if (!plot) continue;
        std::printf("  %-50s train %.3f  test %.3f\n", st.name.c_str(),
                    trainer.evaluate(train).accuracy, acc);
        if (st.name != "gradient descent" && st.name != "momentum" && st.name != "Adam") continue;
        // Decision regions: the network's prediction on a grid, evaluated in batches of 64.
        const int G = 72;
        const double x0 = -1.5, x1 = 2.5, y0 = -1.0, y1 = 1.5;
        std::vector<double> grid;
        for (int j = 0; j < G; ++j)
            for (int i = 0; i < G; ++i) {
                grid.push_back(x0 + (i + 0.5) / G * (x1 - x0));
                grid.push_back(y1 - (j + 0.5) / G * (y1 - y0));
            }
        std::vector<int> cls;
        for (int b = 0; b < G * G; b += 64) {
            const int n = std::min(64, G * G - b);
            const Tensor Xg = Tensor::from_values(Shape::matrix(2, n),
                                                  std::vector<double>(grid.begin() + 2 * b, grid.begin() + 2 * (b + n)))
                                  .to(env.device);
            for (double z : model->forward(Xg, {false}).values()) cls.push_back(z > 0 ? 1 : 0);
        }
        SvgPlot p(cat(st.name, ": test ", std::lround(acc * 1000) / 1000.0), "x1", "x2", 420, 340);
        p.set_x_range(x0, x1).set_y_range(y0, y1);
        // The plot calls this when it is drawn, after this iteration: it keeps its own copy of cls.
        p.regions([cls = std::move(cls), G, x0, x1, y0, y1](double x, double y) {
            const int i = std::clamp(int((x - x0) / (x1 - x0) * G), 0, G - 1);
            const int j = std::clamp(int((y1 - y) / (y1 - y0) * G), 0, G - 1);
            return cls[j * G + i];
        }, G, G);
        const auto xv = Xte.values(), yv = Yte.values();
        std::vector<double> px, py;
        std::vector<int> pc;
        for (int k = 0; k < 300; ++k) {
            px.push_back(xv[2 * k]);
            py.push_back(xv[2 * k + 1]);
            pc.push_back(int(yv[k]));
        }
        p.scatter(px, py, pc, {"upper moon", "lower moon"}, 2.5);
        plots.push_back(p);
    }
    if (plot) {
        save_svg_grid(plots, 3, "The moons: decision regions after the same number of epochs",
                      figure(env, "moons.svg"));
        std::printf("(The assignment's figures: gradient descent 0.797, momentum 0.797, Adam 0.94. "
                    "With α = 0.0007 momentum's average of the gradients moves as slowly as the "
                    "gradients themselves; Adam's per-parameter scaling does not care how small "
                    "they are.)\n");
    }
    return r;
}

Json to_json(const MoonsReport& r) {
    Json j = Json::object();
    j["epochs"] = r.epochs;
    Json a = Json::object();
    for (const auto& [n, v] : r.test_accuracy) a[n] = v;
    j["test_accuracy"] = a;
    return j;
}

}  // namespace ch05
