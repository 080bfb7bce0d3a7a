/// @file minibatch.cpp
/// @brief Section 7: mini-batch gradient descent (小批量梯度下降) — batch size 1 (stochastic
/// gradient descent), 64, and the whole training set (batch gradient descent): the cost per
/// iteration, noisy or smooth, and what each buys in wall-clock time.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "cli/progress.hpp"
#include "core/rng.hpp"
#include "data/digits.hpp"
#include "data/fashion_mnist.hpp"
#include "io/svg_plot.hpp"
#include "nn/loss.hpp"
#include "nn/mlp.hpp"
#include "sections.hpp"

namespace ch05 {

using namespace dl;

MinibatchReport run_minibatch(const Env& env) {
    std::printf("\n== 7. Mini-batch size ==\n");
    MinibatchReport r;
    ImageDataset d;
    if (env.have_fashion) {
        const ImageDataset& all = env.fashion().first;
        const std::vector<int64_t> perm = Rng(env.seed + 70).permutation(all.count());
        d = take(all, std::vector<int64_t>(perm.begin(), perm.begin() + (env.quick ? 3000 : 10000)),
                 "fashion-mnist subset");
    } else {
        d = images_from_dataset(load_digits(find_dataset_file("digits.csv.gz")), 8, 8, 16);
    }
    r.m = d.count();
    r.budget_seconds = env.quick ? 0.6 : 4.0;
    const DeviceImages dd = to_device(d, env.device);
    const nn::ImageSource src(dd, d.height, d.width);
    const int64_t probe = std::min<int64_t>(1000, r.m);
    std::printf("%lld %s images, a %lld-100-10 ReLU network, plain gradient descent, %.1f s of "
                "training for each batch size:\n", (long long)r.m,
                env.have_fashion ? "Fashion-MNIST" : "8x8 digit", (long long)d.features(),
                r.budget_seconds);
    r.batches = {1, 64, r.m};
    const double lrs[] = {0.01, 0.1, 0.5};
    SvgPlot iters("Cost per iteration (the mini-batch's own cost)", "iteration", "cost");
    SvgPlot timed("Training cost against time", "seconds of training", "cost on 1,000 training images");
    for (std::size_t k = 0; k < r.batches.size(); ++k) {
        const int64_t B = r.batches[k];
        //! [minibatch_loop]
        auto model = nn::make_mlp_model({d.features(), 100, d.classes}, Activation::ReLU,
                                        nn::Init::He, std::max(B, probe), {env.device, DType::F32});
        Rng rng(env.seed + 71);
        model->initialize(rng);
        auto opt = nn::make_optimizer(nn::OptimizerKind::SGD, model->params(), lrs[k]);
        nn::SoftmaxCrossEntropy loss;
        loss.reserve(model->output_shape(std::max(B, probe)), model->context());
        Tensor X(src.input_shape(B), DType::F32, env.device), Y(src.target_shape(B), DType::F32, env.device);
        Tensor Xp(src.input_shape(probe), DType::F32, env.device), Yp(src.target_shape(probe), DType::F32, env.device);
        std::vector<int32_t> seq(static_cast<std::size_t>(r.m));
        std::iota(seq.begin(), seq.end(), 0);
        src.gather(DeviceArray<int32_t>(seq, env.device), 0, Xp, Yp);  // the probe: fixed images
        auto probe_cost = [&] {
            loss.forward(model->forward(Xp, {false}), Yp);
            return loss.cost();
        };
        std::vector<double> costs, ts{0.0}, cs{probe_cost()};
        double trained = 0;  // seconds spent in training steps (probing excluded)
        int64_t steps = 0, epochs = 0;
        Progress bar(100, cat("batch ", B), env.progress);
        while (trained < r.budget_seconds) {
            rng.shuffle(seq);  // one epoch: a new order, then ⌈m/B⌉ steps
            const DeviceArray<int32_t> order(seq, env.device);
            for (int64_t begin = 0; begin < r.m && trained < r.budget_seconds; begin += B) {
                const auto t0 = std::chrono::steady_clock::now();
                const int64_t mb = std::min(B, r.m - begin);
                Tensor Xb = X.first(src.input_shape(mb)), Yb = Y.first(src.target_shape(mb));
                src.gather(order, begin, Xb, Yb);
                model->zero_grad();
                loss.forward(model->forward(Xb, {true}), Yb);
                model->backward(loss.dZ());
                opt->step();
                if (costs.size() < 300) costs.push_back(loss.cost());  // reads the device: a sync
                synchronize(env.device);
                trained += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                ++steps;
                if (trained >= ts.back() + r.budget_seconds / 40) {  // a probe every 1/40 of the budget
                    ts.push_back(trained);
                    cs.push_back(probe_cost());
                    bar.update(std::min<int64_t>(100, int64_t(100 * trained / r.budget_seconds)));
                }
            }
            ++epochs;
        }
        bar.finish();
        //! [minibatch_loop]
        ts.push_back(trained);
        cs.push_back(probe_cost());
        const double epochs_done = double(steps) * double(B) / double(r.m);
        r.seconds_per_epoch.push_back(trained / epochs_done);
        r.cost_after.push_back(cs.back());
        r.costs.push_back(costs);
        std::printf("  batch %-6lld α = %-5g %8lld steps, %6.2f epochs, %.3g s per epoch; cost "
                    "after %.1f s: %.4f\n", (long long)B, lrs[k], (long long)steps, epochs_done,
                    r.seconds_per_epoch.back(), r.budget_seconds, cs.back());
        std::vector<double> it(costs.size());
        std::iota(it.begin(), it.end(), 1.0);
        const std::string name = B == 1 ? "batch 1 (stochastic)" : B == r.m ? "full batch" : "batch 64";
        iters.line(it, costs, name);
        timed.line(ts, cs, name);
    }
    std::printf("Batch 1 makes the most steps but each looks at one image (no vectorization) and "
                "its cost jumps around; the full batch takes one smooth but slow step per epoch; "
                "64 has both the vectorization and many steps.\n");
    save_svg_grid({iters, timed}, 2, "Mini-batch size: noise per iteration, progress per second",
                  figure(env, "minibatch.svg"));
    return r;
}

Json to_json(const MinibatchReport& r) {
    Json j = Json::object();
    j["training_images"] = r.m;
    j["batch_sizes"] = r.batches;
    j["seconds_per_epoch"] = r.seconds_per_epoch;
    j["budget_seconds"] = r.budget_seconds;
    j["cost_after_budget"] = r.cost_after;
    return j;
}

}  // namespace ch05
