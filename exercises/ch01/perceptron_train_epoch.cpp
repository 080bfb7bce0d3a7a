/// @file perceptron_train_epoch.cpp
/// @brief Exercise ch01.perceptron_train_epoch: one pass of the perceptron rule over a data set.
///
/// Read the declaration's comment in exercises/include/exercises/ch01.hpp first.
/// Check your work: `./course grade ch01.perceptron_train_epoch` (this exercise) or
/// `./course grade 1` (the chapter). Stuck? `./course hint ch01.perceptron_train_epoch` prints the
/// steps. Then `./course run 1 --mine` runs the chapter program on your code.
#include "exercises/ch01.hpp"

namespace dl::exercises {

/// For j = 0 … m−1 in order: perceptron_update(p, X(:, j), Y(j), η). Returns the mistakes.
///
/// Shapes: X is n x m (samples are columns), Y is 1 x m; throw dl::Error when
/// X.cols() != Y.cols().
int perceptron_train_epoch(Perceptron& p, const Matrix& X, const Eigen::RowVectorXf& Y,
                           float eta) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch01.hpp.
    (void)p;
    (void)X;
    (void)Y;
    (void)eta;
    throw NotImplemented("ch01.perceptron_train_epoch");
    // TODO(student): end
}

}  // namespace dl::exercises
