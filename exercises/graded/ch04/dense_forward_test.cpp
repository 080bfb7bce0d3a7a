// Graded: ch04.dense_forward. The header's example, a hand-computed batch with a bias, and the
// same layer in float64 against a loop written out here.
#include "exercises/ch04.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, DenseForwardHeaderExample) {
    // W = [1 2; 3 4] (column-major values 1, 3, 2, 4), b = (1, −1), A_prev = I.
    Tensor W = Tensor::from_values(Shape::matrix(2, 2), {1, 3, 2, 4});
    Tensor b = Tensor::from_values(Shape::column(2), {1, -1});
    Tensor A = Tensor::from_values(Shape::matrix(2, 2), {1, 0, 0, 1});
    Tensor Z = test::poisoned(Shape::matrix(2, 2), Device::CPU);
    dense_forward(W, b, A, Z);
    const auto z = Z.values();
    EXPECT_EQ(z, (std::vector<double>{2, 2, 3, 3}))  // Z = [2 3; 2 3]
        << (z == std::vector<double>{1, 3, 2, 4}
                ? GRADED_HINT("Z = W·A_prev without b: add the bias to every column (dl::add_bias)")
                : GRADED_HINT("Z = W·A_prev + b: W on the left (n x n_prev times n_prev x m)"));
}

TEST(Graded, DenseForwardThreeUnitsFourSamples) {
    // W (3 x 2) = [1 0; 0 −1; 2 1], b = (0.5, 0, −1), samples (1,2), (0,1), (−1,0), (3,−2).
    Tensor W = Tensor::from_values(Shape::matrix(3, 2), {1, 0, 2, 0, -1, 1});
    Tensor b = Tensor::from_values(Shape::column(3), {0.5, 0, -1});
    Tensor A = Tensor::from_values(Shape::matrix(2, 4), {1, 2, 0, 1, -1, 0, 3, -2});
    Tensor Z = test::poisoned(Shape::matrix(3, 4), Device::CPU);
    dense_forward(W, b, A, Z);
    // Column (1,2): (1.5, −2, 3); (0,1): (0.5, −1, 0); (−1,0): (−0.5, 0, −3); (3,−2): (3.5, 2, 3).
    EXPECT_EQ(Z.values(), (std::vector<double>{1.5, -2, 3, 0.5, -1, 0, -0.5, 0, -3, 3.5, 2, 3}))
        << GRADED_HINT("Z arrives filled with NaN: every element must be written (matmul with "
                       "beta = 0, then the bias)");
}

TEST(Graded, DenseForwardMatchesLoopInDouble) {
    Rng rng(4);
    const int n = 5, n_prev = 7, m = 6;
    Tensor W = test::randn(Shape::matrix(n, n_prev), rng, 1.0, DType::F64);
    Tensor b = test::randn(Shape::column(n), rng, 1.0, DType::F64);
    Tensor A = test::randn(Shape::matrix(n_prev, m), rng, 1.0, DType::F64);
    Tensor Z = test::poisoned(Shape::matrix(n, m), Device::CPU, DType::F64);
    dense_forward(W, b, A, Z);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < m; ++j) {
            double z = b.at(i, 0);
            for (int k = 0; k < n_prev; ++k) z += W.at(i, k) * A.at(k, j);
            EXPECT_NEAR(Z.at(i, j), z, 1e-12) << "Z(" << i << ", " << j << ")";
        }
}
