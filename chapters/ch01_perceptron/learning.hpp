/// @file learning.hpp
/// @brief Training one perceptron with its learning rule until an epoch makes no mistake.
///
/// The perceptron convergence theorem: when some line (hyperplane) separates the two classes,
/// the rule makes a finite number of mistakes and then stops changing. When none exists (XOR)
/// it keeps making mistakes forever, so training needs an epoch limit.
#pragma once

#include <vector>

#include "core/eigen_view.hpp"
#include "core/tensor.hpp"
#include "exercises/ch01.hpp"

namespace ch01 {

/// What a training run produced.
struct TrainResult {
    dl::exercises::Perceptron p;  ///< the learned w and θ
    bool converged = false;       ///< an epoch made no mistake
    int epochs = 0;               ///< epochs run (the clean one included, when converged)
    std::vector<int> mistakes;    ///< mistakes in each epoch
    double accuracy = 0.0;        ///< of the final p on the training data (threshold layer)
};

/// Starts from w = 0, θ = 0 and applies exercises::perceptron_train_epoch() (samples in
/// column order) until an epoch makes no mistake or `max_epochs` have run. The accuracy of
/// the result is measured with the batched forward A = step(w·X − θ) on `device`.
///
/// Shapes: X is n x m, Y is 1 x m (labels 0 or 1).
TrainResult train_perceptron(const dl::Matrix& X, const Eigen::RowVectorXf& Y, float eta,
                             int max_epochs, dl::Device device);

/// Accuracy of one perceptron on (X, Y), computed on `device` as a one-neuron threshold layer.
double perceptron_accuracy(const dl::exercises::Perceptron& p, const dl::Matrix& X,
                           const Eigen::RowVectorXf& Y, dl::Device device);

}  // namespace ch01
