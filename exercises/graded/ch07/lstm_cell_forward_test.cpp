// Graded: ch07.lstm_cell_forward. The header's hand-computed step (biases only), every cached
// field, and a random batch against the six equations written out here element by element.
#include <cmath>

#include "exercises/ch07.hpp"
#include "lstm_test_util.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

namespace {
double sig(double z) { return 1.0 / (1.0 + std::exp(-z)); }
}  // namespace

TEST(Graded, LstmCellHandComputed) {
    // Every W = 0, b = (b_f, b_i, b_C, b_o) = (1, −1, 0.5, 2), C_{t−1} = −0.3:
    // f = 0.7310586, i = 0.2689414, C̃ = 0.4621172, o = 0.8807971, C = −0.0950351, h = −0.0834556.
    LstmParams p;
    for (auto* W : {&p.W_f, &p.W_i, &p.W_C, &p.W_o}) *W = MatrixD::Zero(1, 2);
    p.b_f = Eigen::VectorXd::Constant(1, 1.0);
    p.b_i = Eigen::VectorXd::Constant(1, -1.0);
    p.b_C = Eigen::VectorXd::Constant(1, 0.5);
    p.b_o = Eigen::VectorXd::Constant(1, 2.0);
    const LstmCache k = lstm_cell_forward(p, MatrixD::Constant(1, 1, 0.7),
                                          MatrixD::Constant(1, 1, -0.3),
                                          MatrixD::Constant(1, 1, 9.0));
    EXPECT_NEAR(k.f(0, 0), 0.7310585786300049, 1e-12);
    EXPECT_NEAR(k.i(0, 0), 0.2689414213699951, 1e-12);
    EXPECT_NEAR(k.C_tilde(0, 0), 0.46211715726000974, 1e-12);
    EXPECT_NEAR(k.o(0, 0), 0.8807970779778823, 1e-12);
    EXPECT_NEAR(k.c(0, 0), -0.0950351284760329, 1e-12);
    EXPECT_NEAR(k.h(0, 0), -0.08345556674636084, 1e-12);
    EXPECT_NEAR(k.c_prev(0, 0), -0.3, 0.0);
    ASSERT_EQ(k.hx.rows(), 2);
    EXPECT_EQ(k.hx(0, 0), 0.7);  // [h_{t−1}; x_t]: h on top
    EXPECT_EQ(k.hx(1, 0), 9.0);
}

TEST(Graded, LstmCellBatchMatchesTheEquations) {
    const int H = 3, D = 2, B = 4;
    const LstmParams p = graded_ch07::random_params(H, D);
    const MatrixD h_prev = MatrixD::Random(H, B), c_prev = MatrixD::Random(H, B),
                  x = MatrixD::Random(D, B);
    const LstmCache k = lstm_cell_forward(p, h_prev, c_prev, x);
    ASSERT_EQ(k.h.rows(), H);
    ASSERT_EQ(k.h.cols(), B);
    for (int j = 0; j < B; ++j)
        for (int r = 0; r < H; ++r) {
            auto Z = [&](const MatrixD& W, const Eigen::VectorXd& b) {
                double z = b(r);
                for (int q = 0; q < H; ++q) z += W(r, q) * h_prev(q, j);
                for (int q = 0; q < D; ++q) z += W(r, H + q) * x(q, j);
                return z;
            };
            const double f = sig(Z(p.W_f, p.b_f)), i = sig(Z(p.W_i, p.b_i));
            const double ct = std::tanh(Z(p.W_C, p.b_C)), o = sig(Z(p.W_o, p.b_o));
            const double c = f * c_prev(r, j) + i * ct;
            EXPECT_NEAR(k.f(r, j), f, 1e-12);
            EXPECT_NEAR(k.i(r, j), i, 1e-12);
            EXPECT_NEAR(k.C_tilde(r, j), ct, 1e-12);
            EXPECT_NEAR(k.o(r, j), o, 1e-12);
            EXPECT_NEAR(k.c(r, j), c, 1e-12);
            EXPECT_NEAR(k.h(r, j), o * std::tanh(c), 1e-12);
        }
}

TEST(Graded, LstmCellLargeInputsStayFinite) {
    LstmParams p = graded_ch07::random_params(2, 1);
    const LstmCache k = lstm_cell_forward(p, MatrixD::Constant(2, 1, 500.0),
                                          MatrixD::Zero(2, 1), MatrixD::Constant(1, 1, -800.0));
    EXPECT_TRUE(k.h.allFinite());
    EXPECT_TRUE(k.c.allFinite());
}
