// Graded: ch07.rnn_cell_forward. The header's hand-computed step, the stacking order [h, x]
// (a W that reads only x, or only h, tells them apart), and a batch against the formula.
#include <cmath>

#include "exercises/ch07.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, RnnCellHandComputed) {
    // W = [−1 0.5], b = 0.1, h_prev = 0.5370496, x = 2: tanh(0.5629504) = 0.5101633.
    MatrixD W(1, 2);
    W << -1, 0.5;
    Eigen::VectorXd b(1);
    b << 0.1;
    const MatrixD h = rnn_cell_forward(W, b, MatrixD::Constant(1, 1, 0.5370495669980353),
                                       MatrixD::Constant(1, 1, 2.0));
    ASSERT_EQ(h.rows(), 1);
    ASSERT_EQ(h.cols(), 1);
    EXPECT_NEAR(h(0, 0), 0.5101632506598709, 1e-12);
}

TEST(Graded, RnnCellStacksHOnTopOfX) {
    // H = 2, D = 1. A W whose last column (the x block) is 1 and the rest 0 sees x only.
    MatrixD W = MatrixD::Zero(2, 3);
    W.col(2).setOnes();
    const Eigen::VectorXd b = Eigen::VectorXd::Zero(2);
    const MatrixD h_prev = MatrixD::Constant(2, 1, 5.0), x = MatrixD::Constant(1, 1, 0.25);
    const MatrixD h = rnn_cell_forward(W, b, h_prev, x);
    EXPECT_NEAR(h(0, 0), std::tanh(0.25), 1e-12);  // not tanh(5): the h block is ignored
    EXPECT_NEAR(h(1, 0), std::tanh(0.25), 1e-12);
}

TEST(Graded, RnnCellBatchMatchesTheFormula) {
    const int H = 4, D = 3, B = 5;
    Eigen::MatrixXd W = Eigen::MatrixXd::Random(H, H + D);
    Eigen::VectorXd b = Eigen::VectorXd::Random(H);
    Eigen::MatrixXd h_prev = Eigen::MatrixXd::Random(H, B), x = Eigen::MatrixXd::Random(D, B);
    const MatrixD h = rnn_cell_forward(W, b, h_prev, x);
    ASSERT_EQ(h.rows(), H);
    ASSERT_EQ(h.cols(), B);
    for (int j = 0; j < B; ++j)
        for (int r = 0; r < H; ++r) {
            double z = b(r);
            for (int k = 0; k < H; ++k) z += W(r, k) * h_prev(k, j);
            for (int k = 0; k < D; ++k) z += W(r, H + k) * x(k, j);
            EXPECT_NEAR(h(r, j), std::tanh(z), 1e-12) << r << "," << j;
        }
}
