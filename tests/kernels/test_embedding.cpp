// Embedding lookup and its scatter-add backward (kernels/embedding.hpp): hand-computed columns,
// a repeated id receiving the sum of its gradients, the one-hot product it replaces (float64),
// bad ids named, and CPU vs CUDA parity.
#include "kernels/embedding.hpp"

#include <cmath>
#include <limits>

#include "core/eigen_view.hpp"
#include "test_util.hpp"

using namespace dl;

TEST(Embedding, LookupHandComputed) {
    // E = [1 2 3; 4 5 6] (D = 2, V = 3): ids (2, 0, 2) pick columns 3, 1, 3.
    const Tensor E = Tensor::from_values(Shape::matrix(2, 3), {1, 4, 2, 5, 3, 6});
    const Tensor ids = Tensor::from_values(Shape::row(3), {2, 0, 2});
    Tensor out = test::poisoned(Shape::matrix(2, 3), Device::CPU);
    embedding_forward(E, ids, out);
    EXPECT_EQ(out.values(), (std::vector<double>{3, 6, 1, 4, 3, 6}));
}

TEST(Embedding, BackwardAddsRepeatedIds) {
    // dout columns (1, 1), (10, 20), (100, 200) for ids (2, 0, 2): column 2 of dE gets 101, 201.
    const Tensor ids = Tensor::from_values(Shape::row(3), {2, 0, 2});
    const Tensor dout = Tensor::from_values(Shape::matrix(2, 3), {1, 1, 10, 20, 100, 200});
    Tensor dE = Tensor::full(Shape::matrix(2, 3), 0.5);  // adds to what is there
    embedding_backward(ids, dout, dE);
    EXPECT_EQ(dE.values(), (std::vector<double>{10.5, 20.5, 0.5, 0.5, 101.5, 201.5}));
}

TEST(Embedding, IsTheOneHotProduct) {
    // out = E·onehot(ids) and dE = dout·onehot(ids)ᵀ, in float64 to the last bit but rounding.
    Rng rng(3);
    const int64_t D = 5, V = 11, N = 17;
    const Tensor E = test::randn(Shape::matrix(D, V), rng, 1.0, DType::F64);
    std::vector<double> id(N);
    MatrixD onehot = MatrixD::Zero(V, N);
    for (int64_t j = 0; j < N; ++j) {
        id[j] = double(rng.below(V));
        onehot(int64_t(id[j]), j) = 1.0;
    }
    const Tensor ids = Tensor::from_values(Shape::row(N), id, DType::F64);
    Tensor out(Shape::matrix(D, N), DType::F64);
    embedding_forward(E, ids, out);
    EXPECT_LE((mat<double>(out) - mat<double>(E) * onehot).cwiseAbs().maxCoeff(), 1e-15);
    const Tensor dout = test::randn(out.shape(), rng, 1.0, DType::F64);
    Tensor dE = Tensor::zeros(E.shape(), DType::F64);
    embedding_backward(ids, dout, dE);
    EXPECT_LE((mat<double>(dE) - mat<double>(dout) * onehot.transpose()).cwiseAbs().maxCoeff(),
              1e-12);
}

TEST(Embedding, BadIdsAreNamed) {
    const Tensor E = Tensor::zeros(Shape::matrix(2, 3));
    Tensor out(Shape::matrix(2, 2)), dE = Tensor::zeros(E.shape());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (double bad : {3.0, -1.0, 1.5, nan, 1e30}) {
        const Tensor ids = Tensor::from_values(Shape::row(2), {0, bad});
        try {
            embedding_forward(E, ids, out);
            ADD_FAILURE() << "id " << bad << " accepted";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("the id in column 1 is"), std::string::npos)
                << e.what();
            EXPECT_NE(std::string(e.what()).find("expected a whole number in [0, 3)"),
                      std::string::npos);
        }
        EXPECT_THROW(embedding_backward(ids, out, dE), Error);
    }
    const Tensor two_rows = Tensor::zeros(Shape::matrix(2, 2));
    EXPECT_THROW(embedding_forward(E, two_rows, out), Error);  // ids must be 1 x N
}

TEST(EmbeddingCuda, MatchesCpu) {
    DL_REQUIRE_CUDA();
    // The lookup copies numbers (exact); the scatter-add sums up to N/V·… columns per id in an
    // order the atomics choose: 1e-5 of max(|value|, 1).
    Rng rng(8);
    for (auto [D, N] : test::odd_sizes()) {
        SCOPED_TRACE(cat("D = ", D, ", N = ", N));
        const int64_t V = 37;
        const Tensor E = test::randn(Shape::matrix(D, V), rng);
        std::vector<double> id(static_cast<std::size_t>(N));
        for (auto& v : id) v = double(rng.below(V));
        const Tensor ids = Tensor::from_values(Shape::row(N), id);
        Tensor out(Shape::matrix(D, N));
        embedding_forward(E, ids, out);
        Tensor outc = test::poisoned(out.shape(), Device::CUDA);
        embedding_forward(E.to(Device::CUDA), ids.to(Device::CUDA), outc);
        DL_EXPECT_CLOSE(outc, out, 0.0, 1.0);
        const Tensor dout = test::randn(out.shape(), rng);
        Tensor dE = Tensor::zeros(E.shape());
        embedding_backward(ids, dout, dE);
        Tensor dEc = Tensor::zeros(E.shape(), DType::F32, Device::CUDA);
        embedding_backward(ids.to(Device::CUDA), dout.to(Device::CUDA), dEc);
        DL_EXPECT_CLOSE(dEc, dE, 1e-5, 1.0);
    }
}

TEST(EmbeddingCuda, BadIdGivesAZeroColumn) {
    DL_REQUIRE_CUDA();
    const Tensor E = Tensor::full(Shape::matrix(2, 3), 7.0).to(Device::CUDA);
    const Tensor ids = Tensor::from_values(Shape::row(3), {1, 3, -1}).to(Device::CUDA);
    Tensor out = test::poisoned(Shape::matrix(2, 3), Device::CUDA);
    embedding_forward(E, ids, out);
    EXPECT_EQ(out.values(), (std::vector<double>{7, 7, 0, 0, 0, 0}));
}
