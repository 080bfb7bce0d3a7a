/// @file broadcast.hpp
/// @brief Broadcasting (广播) binary operations C = A ∘ B, with numpy's rule, on matrices.
///
/// numpy's rule: compare the two shapes dimension by dimension from the trailing end; each pair
/// must be equal, or one of them must be 1. A dimension of size 1 (or a missing one) is
/// stretched to the other's size by repeating its values. The course's tensors are matrices
/// rows x cols (a numpy array of shape (rows, cols)), so the cases are:
///
/// | A         | B         | C         | example (lecture)                                   |
/// |-----------|-----------|-----------|-----------------------------------------------------|
/// | n x m     | n x m     | n x m     | elementwise                                         |
/// | n x m     | 1 x m     | n x m     | A / A.sum(axis=0): each column by its total         |
/// | n x m     | n x 1     | n x m     | Z = W·X + b: the bias b added to every column       |
/// | n x m     | 1 x 1     | n x m     | 100 · A: a number stretched over everything          |
/// | n x 1     | 1 x m     | n x m     | an outer sum/product                                |
///
/// Anything else (e.g. 3 x 4 with 3 x 3, or 3 x 4 with 4 x 1) throws dl::Error printing both
/// shapes and the rule. There is no rank-1 shape (see shape.hpp), so a vector always says
/// whether it is a row or a column and broadcasting never guesses.
///
/// Twins: broadcast_cpu.cpp, broadcast_cuda.cu (one thread per element of C); the operation
/// itself is written once below (math::binary_apply). Test: tests/kernels/test_broadcast.cpp.
#pragma once

#include "dispatch.hpp"
#include "scalar_math.hpp"

namespace dl {

enum class BinaryOp { Add, Subtract, Multiply, Divide };

/// "add", "subtract", "multiply", "divide".
const char* binary_op_name(BinaryOp op);

namespace math {
/// a ∘ b for the four operations (IEEE division: x / 0 is ±inf or NaN, as in numpy).
template <class T> DL_HD T binary_apply(BinaryOp op, T a, T b) {
    switch (op) {
        case BinaryOp::Add: return a + b;
        case BinaryOp::Subtract: return a - b;
        case BinaryOp::Multiply: return a * b;
        default: return a / b;
    }
}
}  // namespace math

/// The broadcast shape of A (ra x ca) and B (rb x cb): each of rows and cols equal, or one of
/// them 1. Throws dl::Error naming `op`, both shapes and the rule otherwise.
Shape broadcast_shape(const Shape& a, const Shape& b, const char* op = "broadcast");

namespace cpu {
void broadcast_binary(BinaryOp op, const Tensor& A, const Tensor& B, Tensor& C);
}
namespace cuda {
void broadcast_binary(BinaryOp op, const Tensor& A, const Tensor& B, Tensor& C);
}

/// C(i, j) = A(i or 0, j or 0) ∘ B(i or 0, j or 0): numpy's A ∘ B with broadcasting.
/// C must already have the broadcast shape; C may be A or B when it has that one's shape.
inline void broadcast_binary(BinaryOp op, const Tensor& A, const Tensor& B, Tensor& C) {
    const char* name = binary_op_name(op);
    check_same_device(name, {&A, &B, &C});
    check_same_dtype(name, {&A, &B, &C});
    check_float_dtype(name, A);
    const Shape want = broadcast_shape(Shape::matrix(A.rows(), A.cols()),
                                       Shape::matrix(B.rows(), B.cols()), name);
    DL_CHECK(C.rows() == want.rows() && C.cols() == want.cols(), name, ": C must be ",
             want.str(), " (the broadcast of ", A.shape().str(), " and ", B.shape().str(),
             "), got ", C.shape().str());
    DL_DISPATCH(A.device(), broadcast_binary, op, A, B, C);
}

/// A new tensor C = A ∘ B with the broadcast shape (on A's device): for examples and teaching;
/// training loops pass a preallocated C to broadcast_binary instead.
Tensor broadcast(BinaryOp op, const Tensor& A, const Tensor& B);

inline Tensor add(const Tensor& A, const Tensor& B) { return broadcast(BinaryOp::Add, A, B); }
inline Tensor subtract(const Tensor& A, const Tensor& B) {
    return broadcast(BinaryOp::Subtract, A, B);
}
inline Tensor multiply(const Tensor& A, const Tensor& B) {
    return broadcast(BinaryOp::Multiply, A, B);
}
inline Tensor divide(const Tensor& A, const Tensor& B) { return broadcast(BinaryOp::Divide, A, B); }

}  // namespace dl
