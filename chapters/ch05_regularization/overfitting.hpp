/// @file overfitting.hpp
/// @brief Sections 1-4: the overfitting setup (a large MLP on a small Fashion-MNIST subset) and
/// what the lecture does about it — bias and variance, L2, dropout, data augmentation, early
/// stopping.
#pragma once

#include <string>
#include <vector>

#include "setup.hpp"

namespace ch05 {

/// The setup sections 1-4 share: the network that overfits and how it is trained.
struct Overfit {
    MlpSpec big;        ///< 784-256-256-10 ReLU
    MlpSpec small;      ///< 784-2-10: too small, underfits
    TrainSpec train;    ///< Adam, batch 64, a fixed number of epochs
    double bayes_error = 0.03;  ///< stand-in for the Bayes error (see bias_variance.cpp)
};
Overfit overfit_setup(const Env& env);

/// The regularization strengths the tests check on the quick setup (seeds 1-3): each must cut
/// the unregularized gap at least in half.
constexpr double kTestLambda = 30.0;
constexpr double kTestKeepProb = 0.25;

/// The first run (weakest regularization, in sweep order) whose gap is at most half of
/// runs[0]'s; the last run when none is.
int first_halving(const std::vector<RunResult>& runs);

// --- 1. Bias and variance -------------------------------------------------------------------

/// The lecture's reading of a training and a development error against the Bayes error:
/// "high bias" when train − Bayes exceeds `margin`, "high variance" when dev − train does,
/// "high bias and high variance", or "neither (low bias, low variance)".
std::string diagnose(double train_error, double dev_error, double bayes_error, double margin = 0.05);

struct BiasVarianceReport {
    RunResult big, small;
    std::string big_diagnosis, small_diagnosis;
};
BiasVarianceReport run_bias_variance(const Split& s, const Overfit& o, const Env& env);
dl::Json to_json(const BiasVarianceReport& r);

// --- 2. L2 regularization -------------------------------------------------------------------

struct L2Report {
    std::vector<double> lambdas;
    std::vector<RunResult> runs;  ///< one per λ (runs[0]: λ = 0 is section 1's big network)
    int best = 0;                 ///< the λ with the best dev accuracy
    int halving = 0;              ///< the weakest λ whose gap is at most half the baseline's
    double data_cost = 0, l2_cost = 0;  ///< J's two terms for the best λ (l2 by the exercise)
    double gradcheck = 0;               ///< relative error of ∂(J + L2)/∂θ (float64)
    double exercise_gradient_error = 0; ///< the exercise's dW + (λ/m)W vs the optimizer's
    double sgd_l2_vs_decay = 0;         ///< max |W_L2 − W_decay| after 100 SGD steps
    double adam_l2_vs_adamw = 0;        ///< the same for Adam with L2 and AdamW
    RunResult adam_l2, adamw;           ///< dev accuracies of the two on the setup
};
L2Report run_l2(const Split& s, const Overfit& o, const RunResult& baseline, const Env& env);
/// ∂/∂θ of J = cross-entropy + (λ/2m)Σ‖W‖² through the optimizer's L2 term, against two-sided
/// differences (float64, a small network): the largest relative error. With `l2_in_gradient`
/// false the gradient leaves the term out (a check that must fail).
double l2_gradient_check(uint64_t seed, bool l2_in_gradient = true);
dl::Json to_json(const L2Report& r);

// --- 3. Dropout ------------------------------------------------------------------------------

struct DropoutReport {
    double exercise_vs_layer = 0;      ///< max |your A_drop − the layer's| on one batch
    double inverted_mean_error = 0;    ///< |mean over masks of A_drop − A| / |A|, 10,000 masks
    double textbook_mean_error = 0;    ///< |mean of A ⊙ D − p·A| / |p·A|
    double gradcheck = 0;              ///< gradient check through a fixed mask
    double exercise_backward_error = 0;  ///< your dA vs the layer's
    std::vector<double> keep_probs;
    std::vector<RunResult> runs;       ///< one per keep_prob (1 = no dropout)
    int best = 0;                      ///< the best dev accuracy
    int halving = 0;                   ///< the largest keep_prob whose gap is at most half
    RunResult textbook;                ///< the best keep_prob, textbook scaling
    double weight_scaling_error = 0;   ///< textbook test output vs plain net with p·W
};
DropoutReport run_dropout(const Split& s, const Overfit& o, const RunResult& baseline,
                          const Env& env);
dl::Json to_json(const DropoutReport& r);

// --- 4. Data augmentation and early stopping -------------------------------------------------

struct AugmentEarlyReport {
    RunResult augmented;
    RunResult early;  ///< early stopping on the dev loss
    int patience = 0;
};
AugmentEarlyReport run_augment_early(const Split& s, const Overfit& o, const RunResult& baseline,
                                     const Env& env);
dl::Json to_json(const AugmentEarlyReport& r);

}  // namespace ch05
