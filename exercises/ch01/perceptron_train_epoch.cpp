/// @file perceptron_train_epoch.cpp
/// @brief Exercise ch01.perceptron_train_epoch: one pass of the perceptron rule over a data set.
///
/// Read the declaration's comment in exercises/include/exercises/ch01.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch01.perceptron_train_epoch`).
#include "exercises/ch01.hpp"

namespace dl::exercises {

/// For j = 0 … m−1 in order: perceptron_update(p, X(:, j), Y(j), η). Returns the mistakes.
///
/// Shapes: X is n x m (samples are columns), Y is 1 x m; throw dl::Error when
/// X.cols() != Y.cols().
int perceptron_train_epoch(Perceptron& p, const Matrix& X, const Eigen::RowVectorXf& Y,
                           float eta) {
    // TODO(student): begin
    //  1. Check X.cols() == Y.cols() with DL_CHECK.
    //  2. Loop over the columns j in order (hint: X.col(j) is sample j, Y(j) its label) and call
    //     perceptron_update() on each; count the calls that return true.
    //  3. Return the count. 0 means every sample was already right: the rule has converged.
    (void)p;
    (void)X;
    (void)Y;
    (void)eta;
    throw NotImplemented("ch01.perceptron_train_epoch");
    // TODO(student): end
}

}  // namespace dl::exercises
