// Graded: ch07.lstm_cell_backward. Every gradient — the four W and b, h_{t−1}, C_{t−1} and x —
// against two-sided differences of J = Σ R_h ⊙ h_t + Σ R_c ⊙ C_t in double precision (relative
// error ≤ 1e-7, the lecture's threshold), with a non-zero state carried in. Uses the reference
// lstm_cell_forward, so only the backward pass is graded here.
#include "exercises/ch07.hpp"
#include "lstm_test_util.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;
using graded_ch07::numeric;
using graded_ch07::rel_error;

namespace {

struct CellCase {
    int H = 3, D = 2, B = 4;
    LstmParams p = graded_ch07::random_params(3, 2);
    MatrixD h_prev = MatrixD::Random(3, 4), c_prev = MatrixD::Random(3, 4),
            x = MatrixD::Random(2, 4);
    MatrixD Rh = MatrixD::Random(3, 4), Rc = MatrixD::Random(3, 4);
    double J() {
        const LstmCache k = lstm_cell_forward(p, h_prev, c_prev, x);
        return (k.h.array() * Rh.array()).sum() + (k.c.array() * Rc.array()).sum();
    }
    LstmGrads grads() { return lstm_cell_backward(p, lstm_cell_forward(p, h_prev, c_prev, x), Rh, Rc); }
};

}  // namespace

TEST(Graded, LstmBackwardWeightsMatchDifferences) {
    CellCase s;
    const LstmGrads g = s.grads();
    auto J = [&] { return s.J(); };
    EXPECT_LE(rel_error(numeric(s.p.W_f, J), g.dW_f), 1e-7) << "dW_f";
    EXPECT_LE(rel_error(numeric(s.p.W_i, J), g.dW_i), 1e-7) << "dW_i";
    EXPECT_LE(rel_error(numeric(s.p.W_C, J), g.dW_C), 1e-7) << "dW_C";
    EXPECT_LE(rel_error(numeric(s.p.W_o, J), g.dW_o), 1e-7) << "dW_o";
}

TEST(Graded, LstmBackwardBiasesMatchDifferences) {
    CellCase s;
    const LstmGrads g = s.grads();
    auto J = [&] { return s.J(); };
    auto num_b = [&](Eigen::VectorXd& b) {
        MatrixD d(b.size(), 1);
        for (Eigen::Index k = 0; k < b.size(); ++k) {
            const double saved = b(k);
            b(k) = saved + 1e-6;
            const double jp = J();
            b(k) = saved - 1e-6;
            const double jm = J();
            b(k) = saved;
            d(k, 0) = (jp - jm) / 2e-6;
        }
        return d;
    };
    EXPECT_LE(rel_error(num_b(s.p.b_f), MatrixD(g.db_f)), 1e-7) << "db_f";
    EXPECT_LE(rel_error(num_b(s.p.b_i), MatrixD(g.db_i)), 1e-7) << "db_i";
    EXPECT_LE(rel_error(num_b(s.p.b_C), MatrixD(g.db_C)), 1e-7) << "db_C";
    EXPECT_LE(rel_error(num_b(s.p.b_o), MatrixD(g.db_o)), 1e-7) << "db_o";
}

TEST(Graded, LstmBackwardStateAndInputMatchDifferences) {
    CellCase s;
    const LstmGrads g = s.grads();
    auto J = [&] { return s.J(); };
    EXPECT_LE(rel_error(numeric(s.h_prev, J), g.dh_prev), 1e-7) << "dh_prev";
    EXPECT_LE(rel_error(numeric(s.c_prev, J), g.dc_prev), 1e-7) << "dc_prev";
    EXPECT_LE(rel_error(numeric(s.x, J), g.dx), 1e-7) << "dx";
}

TEST(Graded, LstmBackwardCellPathOnly) {
    // dh = 0: only the cell path carries gradient; then dc_prev = dc ⊙ f exactly, dW_o = 0.
    CellCase s;
    const LstmCache k = lstm_cell_forward(s.p, s.h_prev, s.c_prev, s.x);
    const MatrixD dc = MatrixD::Random(3, 4);
    const LstmGrads g = lstm_cell_backward(s.p, k, MatrixD::Zero(3, 4), dc);
    EXPECT_LE((g.dc_prev - dc.cwiseProduct(k.f)).cwiseAbs().maxCoeff(), 1e-15);
    EXPECT_EQ(g.dW_o.norm(), 0.0);
}
