// Graded: ch04.relu_backward. Hand-computed values (g'(0) = 0), dZ written over dA, and a
// batch against the rule written out here.
#include "exercises/ch04.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, ReluBackwardHandComputed) {
    Tensor Z = Tensor::from_values(Shape::matrix(2, 3), {-1, 0, 2, 0.5, -3, 7});
    Tensor dA = Tensor::from_values(Shape::matrix(2, 3), {5, 5, 5, -2, 4, 0.25});
    Tensor dZ = test::poisoned(Z.shape(), Device::CPU);
    relu_backward(dA, Z, dZ);
    EXPECT_EQ(dZ.values(), (std::vector<double>{0, 0, 5, -2, 0, 0.25}))
        << GRADED_HINT("g'(z) = 1 for z > 0 and 0 otherwise, g'(0) = 0 included; dZ = dA ⊙ g'(Z) "
                       "keeps dA's value, not 1");
}

TEST(Graded, ReluBackwardInPlace) {
    Tensor Z = Tensor::from_values(Shape::row(4), {1, -1, 0, 3});
    Tensor dA = Tensor::from_values(Shape::row(4), {2, 2, 2, -6});
    relu_backward(dA, Z, dA);  // dZ is dA
    EXPECT_EQ(dA.values(), (std::vector<double>{2, 0, 0, -6}))
        << GRADED_HINT("dZ may be the very tensor dA: read dA(i) before writing dZ(i)");
}

TEST(Graded, ReluBackwardRandomBatch) {
    Rng rng(3);
    Tensor Z = test::randn(Shape::matrix(17, 9), rng);
    Tensor dA = test::randn(Shape::matrix(17, 9), rng);
    Tensor dZ = test::poisoned(Z.shape(), Device::CPU);
    relu_backward(dA, Z, dZ);
    const auto z = Z.values(), da = dA.values(), dz = dZ.values();
    for (std::size_t i = 0; i < z.size(); ++i) EXPECT_EQ(dz[i], z[i] > 0 ? da[i] : 0.0) << i;
}
