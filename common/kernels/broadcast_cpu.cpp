/// @file broadcast_cpu.cpp
/// @brief CPU twin of dl::broadcast_binary (contract in broadcast.hpp), and the shape rule.
#include "broadcast.hpp"

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
template <class T>
void broadcast_t(BinaryOp op, const Tensor& A, const Tensor& B, Tensor& C) {
    const T* a = A.data<T>();
    const T* b = B.data<T>();
    T* c = C.data<T>();
    const int64_t n = C.rows(), m = C.cols();
    // A size-1 dimension is "stretched" by reading index 0 of it for every i (or j).
    const int64_t ar = A.rows(), br = B.rows();
    const bool a_row1 = ar == 1, a_col1 = A.cols() == 1;
    const bool b_row1 = br == 1, b_col1 = B.cols() == 1;
    for (int64_t j = 0; j < m; ++j)
        for (int64_t i = 0; i < n; ++i) {
            const T x = a[(a_col1 ? 0 : j) * ar + (a_row1 ? 0 : i)];
            const T y = b[(b_col1 ? 0 : j) * br + (b_row1 ? 0 : i)];
            c[j * n + i] = math::binary_apply(op, x, y);
        }
}
//! [broadcast_loop]
}  // namespace

void broadcast_binary(BinaryOp op, const Tensor& A, const Tensor& B, Tensor& C) {
    if (A.dtype() == DType::F64)
        broadcast_t<double>(op, A, B, C);
    else
        broadcast_t<float>(op, A, B, C);
}

}  // namespace cpu
}  // namespace dl
