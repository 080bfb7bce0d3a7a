/// @file logistic.cpp
/// @brief Batch gradient descent for logistic regression (see logistic.hpp).
#include "logistic.hpp"

#include <cmath>

#include "exercises/ch02.hpp"

namespace ch02 {

using dl::MatrixD;
namespace ex = dl::exercises;

MatrixD LogisticModel::logits(const MatrixD& X) const {
    return (w.transpose() * X).array() + b;  // b broadcast over the 1 x m row
}

MatrixD LogisticModel::predict_proba(const MatrixD& X) const { return ex::sigmoid(logits(X)); }

std::vector<int> LogisticModel::predict(const MatrixD& X) const {
    const MatrixD Z = logits(X);
    std::vector<int> out(static_cast<std::size_t>(Z.cols()));
    for (Eigen::Index j = 0; j < Z.cols(); ++j) out[static_cast<std::size_t>(j)] = Z(0, j) >= 0 ? 1 : 0;
    return out;
}

MatrixD label_matrix(const std::vector<int>& y) {
    MatrixD Y(1, static_cast<Eigen::Index>(y.size()));
    for (std::size_t j = 0; j < y.size(); ++j) Y(0, static_cast<Eigen::Index>(j)) = y[j];
    return Y;
}

LogisticModel train_logistic(const MatrixD& X, const MatrixD& Y, double lr, int iterations,
                             TrainLog* log, const MatrixD& Xt, const MatrixD& Yt) {
    LogisticModel model;
    model.w = Eigen::VectorXd::Zero(X.rows());
    model.b = 0.0;
    for (int it = 0; it < iterations; ++it) {
        //! [gradient_descent]
        const MatrixD Z = model.logits(X);                                  // forward
        const MatrixD A = ex::sigmoid(Z);
        const ex::LogisticGradients g = ex::logistic_gradients(X, A, Y);    // backward
        model.w -= lr * g.dw;                                               // update
        model.b -= lr * g.db;
        //! [gradient_descent]
        if (log) {
            log->train_cost.push_back(ex::logistic_cost(model.logits(X), Y));
            if (Xt.size()) log->test_cost.push_back(ex::logistic_cost(model.logits(Xt), Yt));
        }
        DL_CHECK(std::isfinite(model.b), "logistic regression diverged at iteration ", it + 1,
                 " (b = ", model.b, "): lower --lr (now ", lr, ")");
    }
    return model;
}

}  // namespace ch02
