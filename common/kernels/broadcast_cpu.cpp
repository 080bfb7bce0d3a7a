/// @file broadcast_cpu.cpp
/// @brief CPU twin of dl::broadcast_binary (contract in broadcast.hpp), and the shape rule.
#include <algorithm>

#include "broadcast.hpp"
#include "vector_math_cpu.hpp"

namespace dl {

const char* binary_op_name(BinaryOp op) {
    switch (op) {
        case BinaryOp::Add: return "add";
        case BinaryOp::Subtract: return "subtract";
        case BinaryOp::Multiply: return "multiply";
        case BinaryOp::Divide: return "divide";
    }
    return "?";
}

//! [broadcast_rule]
Shape broadcast_shape(const Shape& a, const Shape& b, const char* op) {
    DL_CHECK(a.rank() == 2 && b.rank() == 2, op, ": broadcasting works on matrices, got ",
             a.str(), " and ", b.str());
    auto one_dim = [&](int64_t x, int64_t y, const char* which) {
        if (x == y || y == 1) return x;
        if (x == 1) return y;
        fail(op, ": shapes ", a.str(), " and ", b.str(), " cannot be broadcast: ", which,
             " are ", x, " and ", y,
             " (rule: in each dimension the sizes must be equal or one of them 1)");
    };
    const int64_t rows = one_dim(a[0], b[0], "rows");
    const int64_t cols = one_dim(a[1], b[1], "columns");
    return Shape::matrix(rows, cols);
}
//! [broadcast_rule]

Tensor broadcast(BinaryOp op, const Tensor& A, const Tensor& B) {
    const Shape s = broadcast_shape(Shape::matrix(A.rows(), A.cols()),
                                    Shape::matrix(B.rows(), B.cols()), binary_op_name(op));
    Tensor C(s, A.dtype(), A.device());
    broadcast_binary(op, A, B, C);
    return C;
}

namespace cpu {

namespace {
//! [broadcast_loop]
/// c[i] = a[i or 0] ∘ b[i or 0] for i < n: AV (BV) says whether a (b) moves along i or is one
/// number stretched over all of them. Compiled once per case and operation, so the loop has no
/// branch and no index arithmetic left in it, and the compiler vectorizes it.
template <class T, BinaryOp Op, bool AV, bool BV>
void run(const T* a, const T* b, T* c, int64_t n) {
    if constexpr (AV && BV) {
        for (int64_t i = 0; i < n; ++i) c[i] = math::binary_apply(Op, a[i], b[i]);
    } else if constexpr (AV) {
        const T y = b[0];
        for (int64_t i = 0; i < n; ++i) c[i] = math::binary_apply(Op, a[i], y);
    } else if constexpr (BV) {
        const T x = a[0];
        for (int64_t i = 0; i < n; ++i) c[i] = math::binary_apply(Op, x, b[i]);
    } else {
        const T v = math::binary_apply(Op, a[0], b[0]);
        for (int64_t i = 0; i < n; ++i) c[i] = v;
    }
}

template <class T, BinaryOp Op>
void run(bool av, bool bv, const T* a, const T* b, T* c, int64_t n) {
    if (av && bv) return run<T, Op, true, true>(a, b, c, n);
    if (av) return run<T, Op, true, false>(a, b, c, n);
    if (bv) return run<T, Op, false, true>(a, b, c, n);
    run<T, Op, false, false>(a, b, c, n);
}

/// C = A ∘ B with numpy's rule. A size-1 dimension is "stretched" by reading index 0 of it
/// for every i (or j). Column j of C is a column of A (or A's only column) ∘ a column of B (or
/// B's only column), each either moving down the rows or a single number (a 1 x ... operand).
/// When both operands have C's shape, or C is a single row, the matrix is one flat loop.
template <class T, BinaryOp Op>
void broadcast_t(const Tensor& A, const Tensor& B, Tensor& C) {
    const T* a = A.data<T>();
    const T* b = B.data<T>();
    T* c = C.data<T>();
    const int64_t n = C.rows(), m = C.cols();
    const int64_t ar = A.rows(), br = B.rows();
    const bool a_row1 = ar == 1, a_col1 = A.cols() == 1;
    const bool b_row1 = br == 1, b_col1 = B.cols() == 1;
    const bool a_full = !(a_row1 && n > 1) && !(a_col1 && m > 1);
    const bool b_full = !(b_row1 && n > 1) && !(b_col1 && m > 1);
    if ((a_full && b_full) || n == 1) {  // one flat loop over the n·m elements
        const bool av = a_full || !a_col1, bv = b_full || !b_col1;
        vec::parallel_ranges(n * m, vec::kStreamGrain, [&](int64_t i0, int64_t i1) {
            run<T, Op>(av, bv, a + (av ? i0 : 0), b + (bv ? i0 : 0), c + i0, i1 - i0);
        });
        return;
    }
    vec::parallel_ranges(m, std::max<int64_t>(1, vec::kStreamGrain / n), [&](int64_t j0,
                                                                             int64_t j1) {
        for (int64_t j = j0; j < j1; ++j)
            run<T, Op>(!a_row1, !b_row1, a + (a_col1 ? 0 : j) * ar, b + (b_col1 ? 0 : j) * br,
                       c + j * n, n);
    });
}
//! [broadcast_loop]

template <class T>
void broadcast_op(BinaryOp op, const Tensor& A, const Tensor& B, Tensor& C) {
    switch (op) {
        case BinaryOp::Add: return broadcast_t<T, BinaryOp::Add>(A, B, C);
        case BinaryOp::Subtract: return broadcast_t<T, BinaryOp::Subtract>(A, B, C);
        case BinaryOp::Multiply: return broadcast_t<T, BinaryOp::Multiply>(A, B, C);
        case BinaryOp::Divide: return broadcast_t<T, BinaryOp::Divide>(A, B, C);
    }
}
}  // namespace

void broadcast_binary(BinaryOp op, const Tensor& A, const Tensor& B, Tensor& C) {
    if (A.dtype() == DType::F64)
        broadcast_op<double>(op, A, B, C);
    else
        broadcast_op<float>(op, A, B, C);
}

}  // namespace cpu
}  // namespace dl
