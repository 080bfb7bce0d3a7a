/// @file perceptron_train_epoch.cpp
/// @brief Reference solution of exercise ch01.perceptron_train_epoch (declared in
/// exercises/ch01.hpp).
#include "exercises/ch01.hpp"

namespace dl::exercises {

/// One pass of the perceptron rule over the columns of X, in order; returns the mistakes.
int perceptron_train_epoch(Perceptron& p, const Matrix& X, const Eigen::RowVectorXf& Y,
                           float eta) {
    DL_CHECK(X.cols() == Y.cols(), "perceptron_train_epoch: X has ", X.cols(),
             " samples (columns) but Y has ", Y.cols(), " labels");
    //! [perceptron_train_epoch]
    int mistakes = 0;
    for (Eigen::Index j = 0; j < X.cols(); ++j) {  // sample j is column j
        const Eigen::VectorXf x = X.col(j);
        if (perceptron_update(p, x, Y(j), eta)) ++mistakes;
    }
    return mistakes;
    //! [perceptron_train_epoch]
}

}  // namespace dl::exercises
