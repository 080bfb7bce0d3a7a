/// @file shallow.hpp
/// @brief Section 1-3 of chapter 4: a shallow network (浅层神经网络) on a non-linear 2-D set.
///
/// The "flower": two classes of 200 points each, on the petals of the polar curve
/// r = 4·sin(4t) with noise, so that no straight line separates them. Logistic regression
/// (a network with no hidden layer) fails; one hidden layer of tanh units succeeds.
#pragma once

#include <string>
#include <vector>

#include "core/rng.hpp"
#include "io/json.hpp"
#include "nn/model.hpp"

namespace ch04 {

/// 2 x m points and their labels 0/1.
struct Points {
    dl::Tensor X;
    std::vector<int> y;
};

/// The flower data set: `per_class` points per class, seeded.
Points make_flower(int per_class, dl::Rng& rng);

/// Full-batch gradient descent: `iterations` steps of lr on the whole set. Returns the final
/// cost J.
double train_full_batch(dl::nn::Model& net, const Points& data, double lr, int iterations);

/// Share of points whose predicted class (argmax of A[L]) equals the label.
double accuracy(dl::nn::Model& net, const Points& data);

/// The activation comparison (section 2): kCompareUnits hidden units, each activation with its
/// own initialisation (Xavier for sigmoid and tanh, He for the ReLUs), learning rate
/// kCompareRate for all, the same number of full-batch steps.
constexpr int kCompareUnits = 20;
constexpr double kCompareRate = 0.1;

struct ActivationRun {
    std::string name;
    double cost_300 = 0, cost_1000 = 0, cost_end = 0;  ///< J after 300, 1000, all iterations
    double accuracy = 0;                               ///< after all iterations
};

/// Sigmoid, tanh, ReLU and leaky ReLU on the same data, budget and rate (`iterations` ≥ 1000).
std::vector<ActivationRun> compare_activations(uint64_t seed, const Points& data, int iterations);

/// The deep counterpart: kDeepLayers hidden layers of kDeepUnits units.
constexpr int kDeepLayers = 6;
constexpr int kDeepUnits = 10;

struct DeepRun {
    std::string name;
    std::vector<double> grad_norms;  ///< ‖dW[l]‖_F at the initial weights, l = 1 … L
    double cost_300 = 0;             ///< J after 300 full-batch steps at kCompareRate
};

/// Sigmoid, tanh and ReLU in the deep net: gradient norms per layer, and J after 300 steps.
std::vector<DeepRun> compare_deep(uint64_t seed, const Points& data);

struct ShallowResults {
    double logistic_accuracy = 0;
    double tanh4_accuracy = 0;
    std::vector<std::pair<int, double>> hidden_sizes;      ///< (n_h, training accuracy)
    std::vector<ActivationRun> comparison;  ///< section 2, shallow
    std::vector<DeepRun> deep;              ///< section 2, deep
    double zero_init_accuracy = 0, zero_init_max_w1 = 0;
    double const_init_accuracy = 0, const_init_row_spread = 0, random_init_row_spread = 0;
};

/// Runs sections 1-3, prints them, writes figures to `out`, and returns the numbers.
ShallowResults run_shallow(uint64_t seed, bool quick, const std::string& out);

dl::Json to_json(const ShallowResults& r);

}  // namespace ch04
