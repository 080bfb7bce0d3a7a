/// @file best.cpp
/// @brief Section 11: everything together — the best regularized MLP of the chapter on all of
/// Fashion-MNIST: batch norm, dropout, Adam, learning-rate decay, early stopping on a dev set.
#include <cmath>
#include <cstdio>
#include <numeric>

#include "exercises/ch05.hpp"
#include "io/svg_plot.hpp"
#include "sections.hpp"

namespace ch05 {

using namespace dl;

BestReport run_best(const Env& env, int epochs, double lr, double keep_prob) {
    std::printf("\n== 11. Everything together: the best regularized MLP on all of Fashion-MNIST ==\n");
    BestReport r;
    // 55,000 training and 5,000 dev images from the training set; the 10,000 test images once.
    const auto split = fashion_split(env, env.quick ? 10000 : 0, 5000, 10000, env.seed + 110);
    //! [best_model]
    MlpSpec spec;
    spec.hidden = {512, 512};
    spec.batchnorm = true;     // Dense → BatchNorm → ReLU → Dropout
    spec.keep_prob = keep_prob;
    TrainSpec t;
    t.optimizer = nn::OptimizerKind::Adam;
    t.lr = lr;
    t.batch = 128;
    t.epochs = epochs;
    const double decay = 0.1;  // α = α₀/(1 + 0.1·t): α₀/5 after 40 epochs
    t.lr_schedule = [lr, decay](int e) { return exercises::learning_rate_decay(lr, decay, e - 1); };
    t.patience = env.quick ? 0 : 8;  // early stopping: the epoch of the best dev accuracy
    t.stop_on_accuracy = true;       // (the dev cost turns up while the accuracy still improves)
    t.test = true;
    t.label = "best MLP";
    //! [best_model]
    r.schedule = cat(lr, "/(1 + ", decay, "·t)");
    std::printf("%s; %s, Adam, α = %s, batch %lld, up to %d epochs%s.\n", split->name.c_str(),
                describe(spec, 784, 10).c_str(), r.schedule.c_str(), (long long)t.batch, epochs,
                t.patience ? cat(", early stopping on the dev accuracy with patience ", t.patience).c_str()
                           : "");
    r.run = train_run(*split, spec, t, env, env.seed + 111);
    for (std::size_t e = 0; e < r.run.dev_acc.size(); ++e)
        if (e < 3 || (e + 1) % 5 == 0 || e + 1 == r.run.dev_acc.size())
            std::printf("  epoch %2zu: training cost %.4f, accuracy %.4f | dev cost %.4f, accuracy "
                        "%.4f\n", e + 1, r.run.train_loss[e], r.run.train_acc[e], r.run.dev_loss[e],
                        r.run.dev_acc[e]);
    std::printf("Test accuracy %.4f after %d epochs (kept epoch %d), %.1f s of training (%.2f s per "
                "epoch). Fashion-MNIST's published MLP 256-128-64: 0.900.\n", r.run.test_acc,
                r.run.epochs, r.run.best_epoch ? r.run.best_epoch : r.run.epochs, r.run.seconds,
                r.run.seconds / r.run.epochs);
    std::vector<double> ep(r.run.dev_acc.size());
    std::iota(ep.begin(), ep.end(), 1.0);
    SvgPlot acc("Accuracy per epoch", "epoch", "accuracy");
    acc.line(ep, r.run.train_acc, "training (dropout on)").line(ep, r.run.dev_acc, "dev", true);
    SvgPlot loss("Cost per epoch", "epoch", "cross-entropy");
    loss.line(ep, r.run.train_loss, "training").line(ep, r.run.dev_loss, "dev", true);
    save_svg_grid({acc, loss}, 2, cat("The best regularized MLP: ", r.run.model),
                  figure(env, "best_mlp.svg"));
    return r;
}

Json to_json(const BestReport& r) {
    Json j = to_json(r.run);
    j["schedule"] = r.schedule;
    return j;
}

}  // namespace ch05
