// Broadcasting: numpy's rule on every compatible pattern (hand-computed), the lecture's calorie
// table, one error per incompatible case (naming both shapes and the rule), and CPU vs CUDA
// parity: each element is one correctly rounded +, −, × or ÷ (IEEE division on the GPU, nvcc's
// default), so a twin is within u·|c| of the exact value; 2u·|c| lets a CPU twin divide by
// multiplying with 1/b (two roundings) (tests/tolerances.hpp).
#include "kernels/broadcast.hpp"

#include <cmath>

#include "kernels/reduce.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {
/// The lecture's calorie table: rows carbohydrate, protein, fat; columns apples, beef, eggs,
/// potatoes (calories per 100 g).
Tensor calories() {
    return Tensor::from_values(Shape::matrix(3, 4),
                               {56, 1.2, 1.8, 0, 104, 135, 4.4, 52, 99, 68, 8, 0.9});
}
}  // namespace

TEST(Broadcast, CalorieTablePercentages) {
    Tensor A = calories();
    Tensor total(Shape::row(4));
    col_sums(A, total);
    // Column sums by hand: 56+1.2+1.8 = 59, 0+104+135 = 239, 4.4+52+99 = 155.4, 68+8+0.9 = 76.9.
    const std::vector<double> want_total = {59, 239, 155.4, 76.9};
    for (int j = 0; j < 4; ++j) EXPECT_NEAR(total.at(0, j), want_total[j], 1e-4);
    Tensor hundred = Tensor::full(Shape::matrix(1, 1), 100.0);
    Tensor percent = divide(multiply(hundred, A), total);  // 100·A / A.sum(axis=0)
    ASSERT_EQ(percent.shape(), Shape::matrix(3, 4));
    // By hand: 5600/59 = 94.9153, 120/59 = 2.0339, 180/59 = 3.0508; 10400/239 = 43.5146,
    // 13500/239 = 56.4854; 440/155.4 = 2.8314, 5200/155.4 = 33.4620, 9900/155.4 = 63.7066;
    // 6800/76.9 = 88.4265, 800/76.9 = 10.4031, 90/76.9 = 1.1704.
    const double want[3][4] = {{94.9153, 0.0, 2.8314, 88.4265},
                               {2.0339, 43.5146, 33.4620, 10.4031},
                               {3.0508, 56.4854, 63.7066, 1.1704}};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j) EXPECT_NEAR(percent.at(i, j), want[i][j], 5e-5) << i << "," << j;
}

TEST(Broadcast, EveryCompatiblePattern) {
    Tensor A = Tensor::from_values(Shape::matrix(2, 3), {1, 2, 3, 4, 5, 6});  // [1 3 5; 2 4 6]
    Tensor col = Tensor::from_values(Shape::column(2), {10, 20});
    Tensor row = Tensor::from_values(Shape::row(3), {100, 200, 300});
    Tensor one = Tensor::full(Shape::matrix(1, 1), 2.0);
    EXPECT_EQ(add(A, col).values(), (std::vector<double>{11, 22, 13, 24, 15, 26}));
    EXPECT_EQ(add(col, A).values(), (std::vector<double>{11, 22, 13, 24, 15, 26}));
    EXPECT_EQ(subtract(A, row).values(), (std::vector<double>{-99, -98, -197, -196, -295, -294}));
    EXPECT_EQ(multiply(A, one).values(), (std::vector<double>{2, 4, 6, 8, 10, 12}));
    EXPECT_EQ(divide(A, A).values(), (std::vector<double>(6, 1.0)));
    // Column (2 x 1) with row (1 x 3): the outer sum, 2 x 3.
    Tensor outer = add(col, row);
    EXPECT_EQ(outer.shape(), Shape::matrix(2, 3));
    EXPECT_EQ(outer.values(), (std::vector<double>{110, 120, 210, 220, 310, 320}));
    EXPECT_EQ(broadcast_shape(Shape::matrix(1, 1), Shape::matrix(1, 1)), Shape::matrix(1, 1));
}

TEST(Broadcast, IncompatibleShapesNameBothShapesAndTheRule) {
    struct Case { Shape a, b; const char* dim; };
    const Case cases[] = {
        {Shape::matrix(3, 4), Shape::matrix(3, 3), "columns are 4 and 3"},
        {Shape::matrix(3, 4), Shape::matrix(2, 4), "rows are 3 and 2"},
        {Shape::matrix(3, 4), Shape::column(4), "rows are 3 and 4"},   // a row meant, a column given
        {Shape::matrix(3, 4), Shape::row(3), "columns are 4 and 3"},
        {Shape::column(5), Shape::column(4), "rows are 5 and 4"},
        {Shape::row(5), Shape::matrix(2, 4), "columns are 5 and 4"},
    };
    for (const auto& c : cases) {
        try {
            broadcast_shape(c.a, c.b, "add");
            ADD_FAILURE() << c.a << " and " << c.b << " were accepted";
        } catch (const Error& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find(c.a.str()), std::string::npos) << msg;
            EXPECT_NE(msg.find(c.b.str()), std::string::npos) << msg;
            EXPECT_NE(msg.find(c.dim), std::string::npos) << msg;
            EXPECT_NE(msg.find("equal or one of them 1"), std::string::npos) << msg;
        }
    }
    // Through the kernel too, and a wrong output shape.
    Tensor A(Shape::matrix(3, 4)), B(Shape::matrix(3, 3)), C(Shape::matrix(3, 4));
    EXPECT_THROW(broadcast_binary(BinaryOp::Add, A, B, C), Error);
    Tensor col(Shape::column(3)), badC(Shape::matrix(3, 3));
    EXPECT_THROW(broadcast_binary(BinaryOp::Add, A, col, badC), Error);
}

TEST(BroadcastCuda, MatchesCpuOnOddSizes) {
    DL_REQUIRE_CUDA();
    Rng rng(12);
    for (auto [n, m] : test::odd_sizes()) {
        SCOPED_TRACE(cat(n, "x", m));
        Tensor A = test::randn(Shape::matrix(n, m), rng);
        const Shape others[] = {Shape::matrix(n, m), Shape::column(n), Shape::row(m),
                                Shape::matrix(1, 1)};
        for (const Shape& sb : others) {
            Tensor B = test::randn(sb, rng);
            for (auto op : {BinaryOp::Add, BinaryOp::Subtract, BinaryOp::Multiply, BinaryOp::Divide}) {
                Tensor C(A.shape());
                broadcast_binary(op, A, B, C);
                Tensor Cc = test::poisoned(A.shape(), Device::CUDA);
                broadcast_binary(op, A.to(Device::CUDA), B.to(Device::CUDA), Cc);
                DL_EXPECT_AGREE(Cc, C, test::bound::roundings(C.values(), 2), test::kTwins);
                // B first: a size-1 operand on the left.
                Tensor D(A.shape());
                broadcast_binary(op, B, A, D);
                Tensor Dc = test::poisoned(A.shape(), Device::CUDA);
                broadcast_binary(op, B.to(Device::CUDA), A.to(Device::CUDA), Dc);
                DL_EXPECT_AGREE(Dc, D, test::bound::roundings(D.values(), 2), test::kTwins);
            }
        }
    }
}

TEST(BroadcastCuda, OuterColumnWithRowMatchesCpu) {
    DL_REQUIRE_CUDA();
    Rng rng(13);
    for (auto [n, m] : test::odd_sizes()) {
        SCOPED_TRACE(cat(n, "x", m));
        Tensor col = test::randn(Shape::column(n), rng), row = test::randn(Shape::row(m), rng);
        for (auto op : {BinaryOp::Add, BinaryOp::Subtract, BinaryOp::Multiply, BinaryOp::Divide}) {
            Tensor C(Shape::matrix(n, m));
            broadcast_binary(op, col, row, C);
            Tensor Cc = test::poisoned(C.shape(), Device::CUDA);
            broadcast_binary(op, col.to(Device::CUDA), row.to(Device::CUDA), Cc);
            DL_EXPECT_AGREE(Cc, C, test::bound::roundings(C.values(), 2), test::kTwins);
        }
    }
}
