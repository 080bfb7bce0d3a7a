/// @file sections.hpp
/// @brief Sections 5-11: input normalization, vanishing and exploding gradients, mini-batch
/// size, exponentially weighted averages, the optimizers (on 2-D functions and on the moons),
/// batch normalization, and the best regularized network on all of Fashion-MNIST.
#pragma once

#include <string>
#include <vector>

#include "setup.hpp"

namespace ch05 {

// --- 5. Input normalization (归一化输入) -------------------------------------------------------

struct NormalizationReport {
    double raw_condition = 0, normalized_condition = 0;  ///< λ_max/λ_min of the cost's Hessian
    int raw_steps = 0, normalized_steps = 0;  ///< gradient-descent steps to J − J* < 1e-6·J*
};
NormalizationReport run_normalization(const Env& env);
dl::Json to_json(const NormalizationReport& r);

// --- 6. Vanishing and exploding gradients (梯度消失 / 梯度爆炸) ---------------------------------

struct GradientsReport {
    std::vector<std::string> inits;
    std::vector<std::vector<double>> norms;   ///< ‖dW[l]‖_F per layer l = 1..50, per init
    std::vector<std::vector<double>> signal;  ///< ‖db[l]‖ = ‖Σ_j dZ[l](:, j)‖, the same
};
GradientsReport run_gradients(const Env& env);
dl::Json to_json(const GradientsReport& r);

// --- 7. Mini-batch size ----------------------------------------------------------------------

struct MinibatchReport {
    std::vector<int64_t> batches;            ///< 1, 64, m
    std::vector<double> seconds_per_epoch;
    std::vector<double> cost_after;          ///< training cost after the same wall time
    std::vector<std::vector<double>> costs;  ///< cost of each of the first iterations
    double budget_seconds = 0;
    int64_t m = 0;
};
MinibatchReport run_minibatch(const Env& env);
dl::Json to_json(const MinibatchReport& r);

// --- 8. Exponentially weighted averages (指数加权平均) ------------------------------------------

struct EwmaReport {
    std::vector<double> first_raw, first_corrected;  ///< v_1 … v_5 for β = 0.98
    double lag_09 = 0, lag_098 = 0;                  ///< days the peak of v lags the series'
};
EwmaReport run_ewma(const Env& env);
dl::Json to_json(const EwmaReport& r);

// --- 9. Optimizers --------------------------------------------------------------------------

struct Trajectory {
    std::string name;
    std::vector<double> x, y, f;
    int steps_to_tolerance = 0;  ///< first step within the tolerance (0: never)
};
struct OptimizersReport {
    std::vector<Trajectory> quadratic, rosenbrock;
    std::vector<std::pair<std::string, double>> decay_final;  ///< noisy SGD: schedule → distance
};
OptimizersReport run_optimizers(const Env& env);
dl::Json to_json(const OptimizersReport& r);

struct MoonsReport {
    std::vector<std::pair<std::string, double>> test_accuracy;  ///< optimizer → test accuracy
    int epochs = 0;
    double accuracy(const std::string& name) const;
};
/// The lecture's assignment: a 2-5-2-1 ReLU network on 300 "moons" points, mini-batches of 64,
/// α = 0.0007, with gradient descent, momentum, Adam (and RMSprop, Adagrad, Adam with decay).
MoonsReport run_moons(const Env& env, int epochs, bool plot);
dl::Json to_json(const MoonsReport& r);

// --- 10. Batch normalization ------------------------------------------------------------------

struct BatchNormReport {
    double exercise_vs_layer = 0;       ///< your batch norm forward vs nn::BatchNorm
    double exercise_backward_error = 0; ///< your backward vs the layer's
    double gradcheck = 0;               ///< nn::BatchNorm, training mode, float64
    double target = 0;                  ///< dev accuracy to reach
    int epochs_plain = 0, epochs_bn = 0;  ///< first epoch reaching it (0: not within the budget)
    int budget = 0;
    std::vector<double> dev_plain, dev_bn;
    std::string model;
};
BatchNormReport run_batchnorm(const Env& env);
dl::Json to_json(const BatchNormReport& r);

// --- 11. The best regularized network on all of Fashion-MNIST ---------------------------------

struct BestReport {
    RunResult run;
    std::string schedule;
};
BestReport run_best(const Env& env, int epochs, double lr, double keep_prob);
dl::Json to_json(const BestReport& r);

}  // namespace ch05
