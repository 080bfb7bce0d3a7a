// Graded: ch05.l2_regularization. The header's examples, and the gradient term checked against
// two-sided differences of the cost term (λ/2m)·Σ‖W‖².
#include <cmath>

#include "core/rng.hpp"
#include "exercises/ch05.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, L2CostHeaderExample) {
    MatrixD W1(2, 2), W2(1, 1);
    W1 << 1, 2, 3, 4;
    W2 << 1;
    EXPECT_NEAR(l2_cost({W1, W2}, 0.5, 10), 0.775, 1e-15);  // (0.5/20)·(30 + 1)
    EXPECT_EQ(l2_cost({W1, W2}, 0.0, 10), 0.0);
    EXPECT_EQ(l2_cost({}, 0.5, 10), 0.0);
    GRADED_EXPECT_INPUT_ERROR(l2_cost({W1}, 0.5, 0), "m = 0");
    GRADED_EXPECT_INPUT_ERROR(l2_cost({W1}, -1.0, 10), "λ < 0");
}

TEST(Graded, L2GradientHeaderExampleAddsToDW) {
    MatrixD W(1, 2), dW(1, 2);
    W << 2, -4;
    dW << 1, 1;
    l2_gradient(W, 1.0, 2, dW);
    EXPECT_NEAR(dW(0, 0), 2.0, 1e-15);   // 1 + (1/2)·2
    EXPECT_NEAR(dW(0, 1), -1.0, 1e-15);  // 1 + (1/2)·(−4)
    MatrixD small(2, 2);
    GRADED_EXPECT_INPUT_ERROR(l2_gradient(W, 1.0, 2, small), "dW of another shape than W");
    GRADED_EXPECT_INPUT_ERROR(l2_gradient(W, 1.0, 0, dW), "m = 0");
}

TEST(Graded, L2GradientIsTheDerivativeOfTheCostTerm) {
    Rng rng(9);
    std::vector<MatrixD> Ws = {MatrixD(3, 4), MatrixD(2, 3)};
    for (auto& w : Ws)
        for (int i = 0; i < w.size(); ++i) w.data()[i] = rng.normal();
    const double lambda = 0.7;
    const int64_t m = 13;
    for (std::size_t l = 0; l < Ws.size(); ++l) {
        MatrixD dW = MatrixD::Zero(Ws[l].rows(), Ws[l].cols());
        l2_gradient(Ws[l], lambda, m, dW);
        double diff2 = 0, a2 = 0, e2 = 0;
        for (int i = 0; i < Ws[l].size(); ++i) {
            // The cost written here: (λ/2m)·Σ w², perturbing one weight.
            auto cost = [&](double delta) {
                double s = 0;
                for (std::size_t k = 0; k < Ws.size(); ++k)
                    for (int j = 0; j < Ws[k].size(); ++j) {
                        const double w = Ws[k].data()[j] + (k == l && j == i ? delta : 0.0);
                        s += w * w;
                    }
                return lambda / (2.0 * m) * s;
            };
            const double approx = (cost(1e-6) - cost(-1e-6)) / 2e-6;
            diff2 += (approx - dW.data()[i]) * (approx - dW.data()[i]);
            a2 += approx * approx;
            e2 += dW.data()[i] * dW.data()[i];
        }
        EXPECT_LE(std::sqrt(diff2) / (std::sqrt(a2) + std::sqrt(e2)), 1e-7) << "W[" << l + 1 << "]";
        // And the cost term itself, against the sum written out.
        double s = 0;
        for (const auto& w : Ws) s += w.array().square().sum();
        EXPECT_NEAR(l2_cost(Ws, lambda, m), lambda / (2.0 * m) * s, 1e-13);
    }
}
