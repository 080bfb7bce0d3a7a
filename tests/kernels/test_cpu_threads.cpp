// The CPU twins split tensors of more than 2 x 256 Ki elements over the OpenMP threads, and
// write outputs of more than 16 MB with streaming stores (vector_math_cpu.hpp): the chapters'
// sizes never take those paths, so these tests do, on 3 threads (uneven ranges), against a
// scalar loop in double. Broadcasts and ReLU are exact in float32 (one rounding, as the scalar
// loop's); sums of m terms are held to m·2^−24 of Σ|x|.
#include <omp.h>

#include <cmath>
#include <vector>

#include "kernels/activation.hpp"
#include "kernels/bias.hpp"
#include "kernels/broadcast.hpp"
#include "kernels/reduce.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {

/// Runs the test body on 3 OpenMP threads and restores the count afterwards.
class CpuThreads : public ::testing::Test {
protected:
    void SetUp() override {
        saved_ = omp_get_max_threads();
        omp_set_num_threads(3);
    }
    void TearDown() override { omp_set_num_threads(saved_); }

private:
    int saved_ = 1;
};

constexpr int64_t kRows = 701, kCols = 1203;  // 843,303 elements: odd, and past 2 x 256 Ki

}  // namespace

TEST_F(CpuThreads, BroadcastEveryPatternMatchesTheScalarRule) {
    Rng rng(23);
    const Tensor A = test::randn(Shape::matrix(kRows, kCols), rng);
    const Tensor col = test::randn(Shape::column(kRows), rng);
    const Tensor row = test::randn(Shape::row(kCols), rng);
    const Tensor one = test::randn(Shape::matrix(1, 1), rng);
    const Tensor full = test::randn(Shape::matrix(kRows, kCols), rng);
    // Operand pairs of every pattern in broadcast.hpp's table, both orders where they differ.
    const std::vector<std::pair<const Tensor*, const Tensor*>> pairs = {
        {&A, &full}, {&A, &row}, {&A, &col}, {&A, &one}, {&col, &row}, {&row, &A}, {&one, &A}};
    for (BinaryOp op : {BinaryOp::Add, BinaryOp::Subtract, BinaryOp::Multiply, BinaryOp::Divide}) {
        for (auto [X, Y] : pairs) {
            SCOPED_TRACE(cat(binary_op_name(op), " ", X->shape().str(), " ", Y->shape().str()));
            Tensor C = test::poisoned(Shape::matrix(kRows, kCols), Device::CPU);
            broadcast_binary(op, *X, *Y, C);
            const std::vector<double> x = X->values(), y = Y->values(), c = C.values();
            int64_t wrong = 0;
            for (int64_t j = 0; j < kCols; ++j)
                for (int64_t i = 0; i < kRows; ++i) {
                    // numpy's rule: a size-1 dimension is read at index 0.
                    const int64_t xi =
                        (X->cols() == 1 ? 0 : j) * X->rows() + (X->rows() == 1 ? 0 : i);
                    const int64_t yi =
                        (Y->cols() == 1 ? 0 : j) * Y->rows() + (Y->rows() == 1 ? 0 : i);
                    const float want = math::binary_apply(op, float(x[xi]), float(y[yi]));
                    wrong += c[j * kRows + i] != double(want);
                }
            EXPECT_EQ(wrong, 0);
        }
    }
}

TEST_F(CpuThreads, RowAndColumnSumsAndBias) {
    Rng rng(29);
    const Tensor X = test::randn(Shape::matrix(kRows, kCols), rng);
    const std::vector<double> x = X.values();
    Tensor r(Shape::column(kRows)), c(Shape::row(kCols));
    row_means(X, r);
    col_sums(X, c);
    double worst_r = 0.0, worst_c = 0.0;
    for (int64_t i = 0; i < kRows; ++i) {
        double s = 0.0, mag = 0.0;
        for (int64_t j = 0; j < kCols; ++j) {
            s += x[j * kRows + i];
            mag += std::abs(x[j * kRows + i]);
        }
        worst_r = std::max(worst_r, std::abs(r.values()[i] - s / kCols) /
                                        (kCols * 0x1p-24 * mag / kCols));
    }
    for (int64_t j = 0; j < kCols; ++j) {
        double s = 0.0, mag = 0.0;
        for (int64_t i = 0; i < kRows; ++i) {
            s += x[j * kRows + i];
            mag += std::abs(x[j * kRows + i]);
        }
        worst_c = std::max(worst_c, std::abs(c.values()[j] - s) / (kRows * 0x1p-24 * mag));
    }
    EXPECT_LE(worst_r, 1.0);
    EXPECT_LE(worst_c, 1.0);

    Tensor Z = X.clone();
    const Tensor b = test::randn(Shape::column(kRows), rng);
    add_bias(Z, b);
    const std::vector<double> z = Z.values(), bv = b.values();
    int64_t wrong = 0;
    for (int64_t j = 0; j < kCols; ++j)
        for (int64_t i = 0; i < kRows; ++i)
            wrong += z[j * kRows + i] != double(float(x[j * kRows + i]) + float(bv[i]));
    EXPECT_EQ(wrong, 0);
}

TEST_F(CpuThreads, StreamedReluMatchesTheScalarFormula) {
    // 4.2 Mi elements = 16.8 MB of output: written with streaming stores, from 3 threads.
    Rng rng(31);
    const Tensor Z = test::randn(Shape::matrix(2048, 2049), rng);
    const Tensor dA = test::randn(Z.shape(), rng);
    Tensor A = test::poisoned(Z.shape(), Device::CPU), dZ = test::poisoned(Z.shape(), Device::CPU);
    activation_forward(Activation::ReLU, Z, A);
    activation_backward(Activation::ReLU, Z, dA, dZ);
    const float* z = Z.data<float>();
    const float* da = dA.data<float>();
    int64_t wrong = 0;
    for (int64_t i = 0; i < Z.numel(); ++i) {
        wrong += A.data<float>()[i] != (z[i] > 0 ? z[i] : 0.0f);
        wrong += dZ.data<float>()[i] != da[i] * (z[i] > 0 ? 1.0f : 0.0f);
    }
    EXPECT_EQ(wrong, 0);
}
