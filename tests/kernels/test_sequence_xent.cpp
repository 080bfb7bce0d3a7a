// Softmax cross-entropy against ids (kernels/sequence_xent.hpp): the hand-computed value of
// test_softmax.cpp, the same numbers as the one-hot kernel, logits of ±1000, in-place use, a
// float64 gradient check, bad ids named, and CPU vs CUDA parity at a vocabulary of thousands.
#include "kernels/sequence_xent.hpp"

#include <cmath>
#include <limits>

#include "kernels/softmax.hpp"
#include "test_util.hpp"

using namespace dl;

TEST(SequenceXent, HandComputed) {
    // z = (1, 2, 3), id 0: L = log(e^{−2} + e^{−1} + 1) + 2 = 2.4076059 (as in test_softmax.cpp);
    // z = (0, 0, 0), id 2: L = log 3 = 1.0986123.
    const Tensor Z = Tensor::from_values(Shape::matrix(3, 2), {1, 2, 3, 0, 0, 0});
    const Tensor ids = Tensor::from_values(Shape::row(2), {0, 2});
    Tensor L(Shape::row(2)), dZ(Z.shape());
    softmax_cross_entropy_ids(Z, ids, L, dZ);
    const double s = std::exp(-2.0) + std::exp(-1.0) + 1.0;
    EXPECT_NEAR(L.at(0, 0), 2.4076059, 1e-6);
    EXPECT_NEAR(L.at(0, 1), std::log(3.0), 1e-6);
    EXPECT_NEAR(dZ.at(0, 0), std::exp(-2.0) / s - 1.0, 1e-7);
    EXPECT_NEAR(dZ.at(2, 0), 1.0 / s, 1e-7);
    EXPECT_NEAR(dZ.at(2, 1), 1.0 / 3.0 - 1.0, 1e-7);
}

TEST(SequenceXent, SameAsOneHotKernel) {
    Rng rng(4);
    const int64_t K = 29, N = 23;
    const Tensor Z = test::randn(Shape::matrix(K, N), rng, 3.0, DType::F64);
    std::vector<double> id(N);
    Tensor Y = Tensor::zeros(Z.shape(), DType::F64);
    for (int64_t j = 0; j < N; ++j) {
        id[j] = double(rng.below(K));
        Y.data<double>()[j * K + int64_t(id[j])] = 1.0;
    }
    const Tensor ids = Tensor::from_values(Shape::row(N), id, DType::F64);
    Tensor L(Shape::row(N), DType::F64), dZ(Z.shape(), DType::F64);
    softmax_cross_entropy_ids(Z, ids, L, dZ);
    Tensor A(Z.shape(), DType::F64), L1(Shape::row(N), DType::F64), dZ1(Z.shape(), DType::F64);
    softmax_cross_entropy(Z, Y, A, L1, dZ1);
    DL_EXPECT_CLOSE(L, L1, 1e-13, 1.0);
    DL_EXPECT_CLOSE(dZ, dZ1, 1e-13, 1.0);
}

TEST(SequenceXent, ExtremeLogitsAndInPlace) {
    // Right class at +1000: L = 0. Wrong class at +1000: L = 2000, finite. dZ written over Z.
    Tensor Z = Tensor::from_values(Shape::matrix(2, 2), {1000, -1000, 1000, -1000});
    const Tensor ids = Tensor::from_values(Shape::row(2), {0, 1});
    Tensor L(Shape::row(2));
    softmax_cross_entropy_ids(Z, ids, L, Z);
    EXPECT_EQ(L.at(0, 0), 0.0);
    EXPECT_NEAR(L.at(0, 1), 2000.0, 1e-3);
    EXPECT_EQ(Z.values(), (std::vector<double>{0, 0, 1, -1}));
}

TEST(SequenceXent, GradientCheckDouble) {
    Rng rng(9);
    const int64_t K = 6, N = 5;
    Tensor Z = test::randn(Shape::matrix(K, N), rng, 2.0, DType::F64);
    const Tensor ids = Tensor::from_values(Shape::row(N), {0, 5, 2, 2, 3}, DType::F64);
    Tensor L(Shape::row(N), DType::F64), dZ(Z.shape(), DType::F64);
    softmax_cross_entropy_ids(Z, ids, L, dZ);
    const std::vector<double> exact = dZ.values();
    auto J = [&] {
        Tensor l(Shape::row(N), DType::F64), d(Z.shape(), DType::F64);
        softmax_cross_entropy_ids(Z, ids, l, d);
        double s = 0;
        for (double v : l.values()) s += v;
        return s;
    };
    double diff = 0, na = 0, ne = 0;
    const double eps = 1e-6;
    for (int64_t k = 0; k < Z.numel(); ++k) {
        double& z = Z.data<double>()[k];
        const double saved = z;
        z = saved + eps;
        const double jp = J();
        z = saved - eps;
        const double jm = J();
        z = saved;
        const double num = (jp - jm) / (2 * eps);
        diff += (num - exact[k]) * (num - exact[k]);
        na += num * num;
        ne += exact[k] * exact[k];
    }
    EXPECT_LE(std::sqrt(diff) / (std::sqrt(na) + std::sqrt(ne)), 1e-7);
}

TEST(SequenceXent, BadIdsAreNamed) {
    const Tensor Z = Tensor::zeros(Shape::matrix(3, 2));
    Tensor L(Shape::row(2)), dZ(Z.shape());
    for (double bad : {3.0, -1.0, 0.5, std::numeric_limits<double>::quiet_NaN()}) {
        const Tensor ids = Tensor::from_values(Shape::row(2), {1, bad});
        try {
            softmax_cross_entropy_ids(Z, ids, L, dZ);
            ADD_FAILURE() << "id " << bad << " accepted";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("the id in column 1 is"), std::string::npos)
                << e.what();
        }
    }
    EXPECT_THROW(softmax_cross_entropy_ids(Z, Tensor::zeros(Shape::row(3)), L, dZ), Error);
}

TEST(SequenceXentCuda, MatchesCpuAtAVocabularyOfThousands) {
    DL_REQUIRE_CUDA();
    // Each output involves K exponentials summed in another order (a warp's tree): float32
    // rounding of log Σ over 2,580 terms stays far below 1e-5 relative.
    Rng rng(10);
    for (auto [K, N] : std::vector<std::pair<int64_t, int64_t>>{{2580, 67}, {1, 5}, {33, 1},
                                                               {129, 300}, {7, 13}}) {
        SCOPED_TRACE(cat("K = ", K, ", N = ", N));
        const Tensor Z = test::randn(Shape::matrix(K, N), rng, 4.0);
        std::vector<double> id(static_cast<std::size_t>(N));
        for (auto& v : id) v = double(rng.below(K));
        const Tensor ids = Tensor::from_values(Shape::row(N), id);
        Tensor L(Shape::row(N)), dZ(Z.shape());
        softmax_cross_entropy_ids(Z, ids, L, dZ);
        Tensor Lc = test::poisoned(L.shape(), Device::CUDA);
        Tensor dZc = test::poisoned(Z.shape(), Device::CUDA);
        softmax_cross_entropy_ids(Z.to(Device::CUDA), ids.to(Device::CUDA), Lc, dZc);
        DL_EXPECT_CLOSE(Lc, L, 1e-5, 1.0);
        DL_EXPECT_CLOSE(dZc, dZ, 1e-5, 1.0);
        Tensor Zc = Z.to(Device::CUDA);  // in place: dZ written over Z
        softmax_cross_entropy_ids(Zc, ids.to(Device::CUDA), Lc, Zc);
        DL_EXPECT_CLOSE(Zc, dZ, 1e-5, 1.0);
    }
}

TEST(SequenceXentCuda, BadIdGivesNaN) {
    DL_REQUIRE_CUDA();
    const Tensor Z = Tensor::zeros(Shape::matrix(3, 2), DType::F32, Device::CUDA);
    const Tensor ids = Tensor::from_values(Shape::row(2), {1, 7}).to(Device::CUDA);
    Tensor L = Tensor::zeros(Shape::row(2), DType::F32, Device::CUDA), dZ(Z.shape(), DType::F32,
                                                                        Device::CUDA);
    softmax_cross_entropy_ids(Z, ids, L, dZ);
    EXPECT_NEAR(L.at(0, 0), std::log(3.0), 1e-6);
    EXPECT_TRUE(std::isnan(L.at(0, 1)));
}
