// The fused LSTM cell (kernels/lstm.hpp): a step computed by hand, the saturated gates at
// logits of ±1000, a float64 gradient check of the backward pass (two-sided differences, relative
// error ≤ 1e-7), in-place use, float32 against float64 (Eigen's vectorized σ and tanh), and CPU
// vs CUDA parity.
#include "kernels/lstm.hpp"

#include <cmath>

#include "core/eigen_view.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {

/// J = Σ R_h ⊙ h + Σ R_c ⊙ C for the step from Z and C_{t−1} (float64).
double step_cost(const Tensor& Z, const Tensor& cp, const Tensor& Rh, const Tensor& Rc) {
    const int64_t H = cp.rows(), B = cp.cols();
    Tensor g(Z.shape(), DType::F64), c(Shape::matrix(H, B), DType::F64),
        h(Shape::matrix(H, B), DType::F64);
    lstm_cell_forward(Z, cp, g, c, h);
    return (mat<double>(h).array() * mat<double>(Rh).array()).sum() +
           (mat<double>(c).array() * mat<double>(Rc).array()).sum();
}

/// Two-sided differences of step_cost with respect to every element of t (perturbed in place).
std::vector<double> numeric(Tensor& t, const std::function<double()>& J, double eps = 1e-6) {
    std::vector<double> g;
    double* x = t.data<double>();
    for (int64_t k = 0; k < t.numel(); ++k) {
        const double saved = x[k];
        x[k] = saved + eps;
        const double jp = J();
        x[k] = saved - eps;
        const double jm = J();
        x[k] = saved;
        g.push_back((jp - jm) / (2 * eps));
    }
    return g;
}

double rel_error(const std::vector<double>& a, const std::vector<double>& b) {
    double d = 0, na = 0, nb = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        d += (a[k] - b[k]) * (a[k] - b[k]);
        na += a[k] * a[k];
        nb += b[k] * b[k];
    }
    return std::sqrt(d) / (std::sqrt(na) + std::sqrt(nb));
}

}  // namespace

TEST(LstmCell, HandComputedStep) {
    // H = 1, B = 1: Z = (Z_f, Z_i, Z_C, Z_o) = (1, −1, 0.5, 2), C_{t−1} = −0.3.
    //   f = σ(1) = 0.7310586, i = σ(−1) = 0.2689414, C̃ = tanh 0.5 = 0.4621172, o = σ(2) = 0.8807971
    //   C = f·(−0.3) + i·C̃ = −0.2193176 + 0.1242825 = −0.0950351
    //   h = o·tanh C = 0.8807971 · (−0.0947501) = −0.0834556
    for (DType dt : {DType::F32, DType::F64}) {
        const Tensor Z = Tensor::from_values(Shape::matrix(4, 1), {1, -1, 0.5, 2}, dt);
        const Tensor cp = Tensor::from_values(Shape::matrix(1, 1), {-0.3}, dt);
        Tensor g(Z.shape(), dt), c(cp.shape(), dt), h(cp.shape(), dt);
        lstm_cell_forward(Z, cp, g, c, h);
        const double tol = dt == DType::F32 ? 1e-6 : 1e-12;
        EXPECT_NEAR(g.at(0, 0), 0.7310585786300049, tol);
        EXPECT_NEAR(g.at(1, 0), 0.2689414213699951, tol);
        EXPECT_NEAR(g.at(2, 0), 0.46211715726000974, tol);
        EXPECT_NEAR(g.at(3, 0), 0.8807970779778823, tol);
        EXPECT_NEAR(c.at(0, 0), -0.0950351284760329, tol);
        EXPECT_NEAR(h.at(0, 0), -0.08345556674636084, tol);
    }
}

TEST(LstmCell, SaturatedGatesAtPlusMinus1000) {
    // Forget gate shut (σ(−1000) = 0), input gate open (σ(1000) = 1), C̃ = tanh(1000) = 1,
    // o = 1: C = 0·5 + 1·1 = 1 exactly, h = tanh 1; nothing overflows into NaN.
    const Tensor Z = Tensor::from_values(Shape::matrix(4, 1), {-1000, 1000, 1000, 1000});
    const Tensor cp = Tensor::from_values(Shape::matrix(1, 1), {5});
    Tensor g(Z.shape()), c(cp.shape()), h(cp.shape());
    lstm_cell_forward(Z, cp, g, c, h);
    EXPECT_EQ(g.values(), (std::vector<double>{0, 1, 1, 1}));
    EXPECT_EQ(c.at(0, 0), 1.0);
    EXPECT_NEAR(h.at(0, 0), std::tanh(1.0), 1e-6);
    Tensor dZ(Z.shape()), dcp(cp.shape());
    const Tensor dh = Tensor::full(cp.shape(), 1.0), dc = Tensor::full(cp.shape(), 1.0);
    lstm_cell_backward(g, cp, c, dh, dc, dZ, dcp);
    for (double v : dZ.values()) EXPECT_TRUE(std::isfinite(v));
    EXPECT_EQ(dcp.at(0, 0), 0.0);  // a shut forget gate passes nothing back
}

TEST(LstmCell, BackwardMatchesTwoSidedDifferences) {
    // Odd sizes (H = 5, B = 3), random Z and C_{t−1}; dh = R_h and dc_next = R_c make
    // ∂J/∂h_t and ∂J/∂C_t those of J = Σ R_h ⊙ h + Σ R_c ⊙ C.
    Rng rng(5);
    const int64_t H = 5, B = 3;
    Tensor Z = test::randn(Shape::matrix(4 * H, B), rng, 1.5, DType::F64);
    Tensor cp = test::randn(Shape::matrix(H, B), rng, 1.0, DType::F64);
    const Tensor Rh = test::randn(cp.shape(), rng, 1.0, DType::F64);
    const Tensor Rc = test::randn(cp.shape(), rng, 1.0, DType::F64);
    Tensor g(Z.shape(), DType::F64), c(cp.shape(), DType::F64), h(cp.shape(), DType::F64);
    lstm_cell_forward(Z, cp, g, c, h);
    Tensor dZ(Z.shape(), DType::F64), dcp(cp.shape(), DType::F64);
    lstm_cell_backward(g, cp, c, Rh, Rc, dZ, dcp);
    auto J = [&] { return step_cost(Z, cp, Rh, Rc); };
    EXPECT_LE(rel_error(numeric(Z, J), dZ.values()), 1e-7);
    EXPECT_LE(rel_error(numeric(cp, J), dcp.values()), 1e-7);
}

TEST(LstmCell, InPlaceGatesAndCellGradient) {
    // gates may be Z (the layer activates in place), dc_prev may be dc_next.
    Rng rng(6);
    const Tensor Z = test::randn(Shape::matrix(4 * 7, 3), rng, 2.0);
    const Tensor cp = test::randn(Shape::matrix(7, 3), rng);
    Tensor g(Z.shape()), c(cp.shape()), h(cp.shape());
    lstm_cell_forward(Z, cp, g, c, h);
    Tensor Zi = Z.clone(), c2(cp.shape()), h2(cp.shape());
    lstm_cell_forward(Zi, cp, Zi, c2, h2);
    EXPECT_EQ(Zi.values(), g.values());
    EXPECT_EQ(h2.values(), h.values());
    const Tensor dh = test::randn(cp.shape(), rng);
    Tensor dc = test::randn(cp.shape(), rng), dZ(Z.shape()), dcp(cp.shape());
    lstm_cell_backward(g, cp, c, dh, dc, dZ, dcp);
    Tensor dZ2(Z.shape());
    lstm_cell_backward(g, cp, c, dh, dc, dZ2, dc);  // dc_prev written over dc_next
    EXPECT_EQ(dc.values(), dcp.values());
    EXPECT_EQ(dZ2.values(), dZ.values());
}

TEST(LstmCell, Float32AgreesWithFloat64) {
    // The float32 path uses Eigen's vectorized rational approximations of σ and tanh (a few
    // ulps); the float64 path the exact formulas. Over H = 300 units (one full 256-chunk and a
    // tail in the backward pass) they agree to float32 rounding: 1e-6 of max(|value|, 1).
    Rng rng(7);
    const int64_t H = 300, B = 5;
    const Tensor Z = test::randn(Shape::matrix(4 * H, B), rng, 3.0);
    const Tensor cp = test::randn(Shape::matrix(H, B), rng);
    const Tensor dh = test::randn(cp.shape(), rng), dc = test::randn(cp.shape(), rng);
    auto f64 = [](const Tensor& t) { return Tensor::from_values(t.shape(), t.values(), DType::F64); };
    Tensor g(Z.shape()), c(cp.shape()), h(cp.shape()), dZ(Z.shape()), dcp(cp.shape());
    lstm_cell_forward(Z, cp, g, c, h);
    lstm_cell_backward(g, cp, c, dh, dc, dZ, dcp);
    Tensor gd(Z.shape(), DType::F64), cd(cp.shape(), DType::F64), hd(cp.shape(), DType::F64),
        dZd(Z.shape(), DType::F64), dcpd(cp.shape(), DType::F64);
    lstm_cell_forward(f64(Z), f64(cp), gd, cd, hd);
    lstm_cell_backward(gd, f64(cp), cd, f64(dh), f64(dc), dZd, dcpd);
    DL_EXPECT_CLOSE(g, gd.to(Device::CPU), 1e-6, 1.0);
    DL_EXPECT_CLOSE(c, cd, 1e-6, 1.0);
    DL_EXPECT_CLOSE(h, hd, 1e-6, 1.0);
    DL_EXPECT_CLOSE(dZ, dZd, 1e-6, 1.0);
    DL_EXPECT_CLOSE(dcp, dcpd, 1e-6, 1.0);
}

TEST(LstmCell, WrongShapesThrow) {
    Tensor Z(Shape::matrix(8, 3)), cp(Shape::matrix(2, 3)), g(Shape::matrix(8, 3)),
        c(Shape::matrix(2, 3)), h(Shape::matrix(2, 3)), bad(Shape::matrix(3, 3)),
        Z6(Shape::matrix(6, 3));
    EXPECT_NO_THROW(lstm_cell_forward(Z, cp, g, c, h));
    EXPECT_THROW(lstm_cell_forward(Z, bad, g, c, h), Error);  // C_{t−1} must be H x B
    EXPECT_THROW(lstm_cell_forward(Z6, cp, g, c, h), Error);  // 6 rows is not 4H for H = 2
    Tensor dZ(Z.shape());
    EXPECT_THROW(lstm_cell_backward(g, cp, c, bad, c, dZ, cp), Error);
}

TEST(LstmCellCuda, MatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
    // Tolerance 1e-5 of max(|value|, 1): expf/tanhf on the GPU and Eigen's approximations on the
    // CPU each stay within a few ulps (≈ 1e-7); the backward multiplies four such factors.
    Rng rng(21);
    for (auto [H, B] : test::odd_sizes()) {
        SCOPED_TRACE(cat("H = ", H, ", B = ", B));
        const Tensor Z = test::randn(Shape::matrix(4 * H, B), rng, 3.0);
        const Tensor cp = test::randn(Shape::matrix(H, B), rng);
        const Tensor dh = test::randn(cp.shape(), rng), dc = test::randn(cp.shape(), rng);
        Tensor g(Z.shape()), c(cp.shape()), h(cp.shape()), dZ(Z.shape()), dcp(cp.shape());
        lstm_cell_forward(Z, cp, g, c, h);
        lstm_cell_backward(g, cp, c, dh, dc, dZ, dcp);
        const Device gpu = Device::CUDA;
        Tensor gc = test::poisoned(Z.shape(), gpu), cc = test::poisoned(cp.shape(), gpu),
               hc = test::poisoned(cp.shape(), gpu);
        lstm_cell_forward(Z.to(gpu), cp.to(gpu), gc, cc, hc);
        DL_EXPECT_CLOSE(gc, g, 1e-5, 1.0);
        DL_EXPECT_CLOSE(cc, c, 1e-5, 1.0);
        DL_EXPECT_CLOSE(hc, h, 1e-5, 1.0);
        Tensor dZc = test::poisoned(Z.shape(), gpu), dcc = dc.to(gpu);
        lstm_cell_backward(g.to(gpu), cp.to(gpu), c.to(gpu), dh.to(gpu), dcc, dZc, dcc);
        DL_EXPECT_CLOSE(dZc, dZ, 1e-5, 1.0);
        DL_EXPECT_CLOSE(dcc, dcp, 1e-5, 1.0);
    }
}
