// Graded: ch04.dense_backward. The header's example, then a gradient check: with the cost
// J = (1/m) Σ G ⊙ Z and Z = W·A_prev + b, dZ = G and the exercise's dW, db must be ∂J/∂W,
// ∂J/∂b, and dA_prev must be m·∂J/∂A_prev (two-sided differences, double, rel. error ≤ 1e-7).
#include <cmath>

#include "exercises/ch04.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, DenseBackwardHeaderExample) {
    Tensor dZ = Tensor::from_values(Shape::matrix(2, 2), {1, 2, -1, 0});     // [1 −1; 2 0]
    Tensor A_prev = Tensor::from_values(Shape::matrix(2, 2), {1, 3, 2, 4});  // [1 2; 3 4]
    Tensor W = Tensor::from_values(Shape::matrix(2, 2), {1, 0, 0, 2});       // [1 0; 0 2]
    Tensor dW = test::poisoned(Shape::matrix(2, 2), Device::CPU);
    Tensor db = test::poisoned(Shape::column(2), Device::CPU);
    Tensor dA = test::poisoned(Shape::matrix(2, 2), Device::CPU);
    dense_backward(dZ, A_prev, W, dW, db, &dA);
    const std::vector<double> want_dW{-0.5, 1, -0.5, 3}, want_db{0, 1}, want_dA{1, 4, -1, 0};
    EXPECT_EQ(dW.values(), want_dW)  // [−0.5 −0.5; 1 3]
        << graded::hint_or(graded::scale_hint(dW.values(), want_dW, 2),
                           GRADED_HINT("dW = (1/m)·dZ·A_prevᵀ: A_prev transposed, on the right"));
    EXPECT_EQ(db.values(), want_db)
        << graded::hint_or(graded::scale_hint(db.values(), want_db, 2),
                           GRADED_HINT("db = (1/m)·Σ_j dZ(:, j): a sum over the columns "
                                       "(samples), one value per row"));
    EXPECT_EQ(dA.values(), want_dA)  // [1 −1; 4 0]
        << graded::hint_or(graded::scale_hint(dA.values(), want_dA, 2),
                           GRADED_HINT("dA_prev = Wᵀ·dZ, with no 1/m"));
}

TEST(Graded, DenseBackwardFirstLayerHasNoDAPrev) {
    Tensor dZ = Tensor::from_values(Shape::matrix(1, 2), {2, 4});
    Tensor A_prev = Tensor::from_values(Shape::matrix(1, 2), {1, 1});
    Tensor W = Tensor::from_values(Shape::matrix(1, 1), {3});
    Tensor dW = test::poisoned(Shape::matrix(1, 1), Device::CPU);
    Tensor db = test::poisoned(Shape::column(1), Device::CPU);
    dense_backward(dZ, A_prev, W, dW, db, nullptr);
    EXPECT_EQ(dW.values(), (std::vector<double>{3}))  // (2·1 + 4·1) / 2
        << graded::scale_hint(dW.values(), {3}, 2);
    EXPECT_EQ(db.values(), (std::vector<double>{3})) << graded::scale_hint(db.values(), {3}, 2);
}

TEST(Graded, DenseBackwardMatchesTwoSidedDifferences) {
    Rng rng(11);
    const int n = 3, n_prev = 4, m = 5;
    Tensor W = test::randn(Shape::matrix(n, n_prev), rng, 1.0, DType::F64);
    Tensor b = test::randn(Shape::column(n), rng, 1.0, DType::F64);
    Tensor A = test::randn(Shape::matrix(n_prev, m), rng, 1.0, DType::F64);
    Tensor G = test::randn(Shape::matrix(n, m), rng, 1.0, DType::F64);
    // J = (1/m) Σ_ij G_ij · Z_ij, Z written out with loops (independent of the exercise).
    auto J = [&]() {
        double s = 0;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < m; ++j) {
                double z = b.at(i, 0);
                for (int k = 0; k < n_prev; ++k) z += W.at(i, k) * A.at(k, j);
                s += G.at(i, j) * z;
            }
        return s / m;
    };
    Tensor dW = test::poisoned(W.shape(), Device::CPU, DType::F64);
    Tensor db = test::poisoned(b.shape(), Device::CPU, DType::F64);
    Tensor dA = test::poisoned(A.shape(), Device::CPU, DType::F64);
    dense_backward(G, A, W, dW, db, &dA);
    auto check = [&](Tensor& P, const Tensor& grad, double factor, const char* what) {
        double* p = P.data<double>();
        const auto g = grad.values();
        double diff2 = 0, a2 = 0, e2 = 0;
        const double eps = 1e-6;
        for (int64_t i = 0; i < P.numel(); ++i) {
            const double saved = p[i];
            p[i] = saved + eps;
            const double jp = J();
            p[i] = saved - eps;
            const double jm = J();
            p[i] = saved;
            const double approx = factor * (jp - jm) / (2 * eps);
            diff2 += (approx - g[i]) * (approx - g[i]);
            a2 += approx * approx;
            e2 += g[i] * g[i];
        }
        const double rel = std::sqrt(diff2) / (std::sqrt(a2) + std::sqrt(e2));
        EXPECT_LE(rel, 1e-7) << what << ": relative error " << rel << " against two-sided "
                             << "differences\n"
                             << GRADED_HINT("compare with the formulas in ch04.hpp: which "
                                            "operand is transposed, and where 1/m belongs");
    };
    check(W, dW, 1.0, "dW");
    check(b, db, 1.0, "db");
    check(A, dA, double(m), "dA_prev");
}
