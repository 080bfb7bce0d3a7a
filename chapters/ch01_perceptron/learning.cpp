/// @file learning.cpp
/// @brief The training loop around the perceptron rule.
#include "learning.hpp"

#include "threshold_layer.hpp"

namespace ch01 {

TrainResult train_perceptron(const dl::Matrix& X, const Eigen::RowVectorXf& Y, float eta,
                             int max_epochs, dl::Device device) {
    DL_CHECK(max_epochs > 0, "train_perceptron: the epoch limit must be positive, got ",
             max_epochs);
    TrainResult r;
    r.p.w = Eigen::VectorXf::Zero(X.rows());  // start from w = 0, θ = 0
    r.p.theta = 0.0f;
    //! [train_loop]
    for (int epoch = 1; epoch <= max_epochs; ++epoch) {
        const int mistakes = dl::exercises::perceptron_train_epoch(r.p, X, Y, eta);
        r.mistakes.push_back(mistakes);
        r.epochs = epoch;
        if (mistakes == 0) {  // every sample right: the rule will never change w again
            r.converged = true;
            break;
        }
    }
    //! [train_loop]
    r.accuracy = perceptron_accuracy(r.p, X, Y, device);
    return r;
}

double perceptron_accuracy(const dl::exercises::Perceptron& p, const dl::Matrix& X,
                           const Eigen::RowVectorXf& Y, dl::Device device) {
    const dl::Matrix W = p.w.transpose();  // 1 x n: one neuron
    const ThresholdLayer layer = make_threshold_layer(W, Eigen::VectorXf::Constant(1, p.theta),
                                                      device);
    const dl::Tensor A = threshold_forward(layer, dl::from_eigen(X).to(device));  // 1 x m
    return accuracy(A, Y);
}

}  // namespace ch01
