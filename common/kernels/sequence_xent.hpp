/// @file sequence_xent.hpp
/// @brief Softmax cross-entropy against class ids: the loss of a language model at every time
/// step of every sequence.
///
/// A character model predicts, at each position, a distribution over K symbols: its logits Z are
/// K x N with N = T·B positions (time-major columns, column t·B + b), and the target of each
/// position is one symbol id. For each column j with target y_j:
///
///     L(0, j) = −log softmax(Z(:, j))_{y_j} = log Σ_k e^{Z(k,j)} − Z(y_j, j)   (in nats)
///     dZ(:, j) = softmax(Z(:, j)) − e_{y_j}                                     (A − Y)
///
/// This is dl::softmax_cross_entropy (softmax.hpp) with Y one-hot, without ever building Y: for a
/// vocabulary of 2,580 characters and 2,048 positions the one-hot matrix would be 21 MB written
/// and read again at every step to select one number per column. The log-sum-exp is taken after
/// subtracting each column's maximum, so logits of ±1000 give finite losses.
///
/// The 1/N of the cost J = (1/N)·Σ_j L(0, j) (nats per character) is not applied here: the
/// loss (nn::SequenceCrossEntropy) scales dZ.
///
/// Twins: sequence_xent_cpu.cpp (Eigen, columns shared between threads), sequence_xent_cuda.cu
/// (one warp per column, shuffles for the max and the sum). Test:
/// tests/kernels/test_sequence_xent.cpp.
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void softmax_cross_entropy_ids(const Tensor& Z, const Tensor& ids, Tensor& L, Tensor& dZ);
}
namespace cuda {
void softmax_cross_entropy_ids(const Tensor& Z, const Tensor& ids, Tensor& L, Tensor& dZ);
}

/// L(0, j) = −log softmax(Z(:, j))_{ids(0, j)} and dZ(:, j) = softmax(Z(:, j)) − e_{ids(0, j)}.
/// Z, dZ: K x N (dZ may be Z); ids, L: 1 x N, ids whole numbers in [0, K). A bad id is an error
/// on the CPU naming the column and the value; on the GPU its loss is NaN (a kernel cannot
/// throw, and a NaN loss cannot pass unnoticed).
inline void softmax_cross_entropy_ids(const Tensor& Z, const Tensor& ids, Tensor& L, Tensor& dZ) {
    const char* op = "softmax_cross_entropy_ids";
    check_same_device(op, {&Z, &ids, &L, &dZ});
    check_same_dtype(op, {&Z, &ids, &L, &dZ});
    check_float_dtype(op, Z);
    DL_CHECK(Z.rows() >= 1 || Z.cols() == 0, op, ": Z ", Z.shape().str(),
             " has no classes (expected at least 1 row)");
    DL_CHECK(ids.rows() == 1 && ids.cols() == Z.cols(), op, ": ids must be ",
             Shape::row(Z.cols()).str(), " (one id per column of Z), got ", ids.shape().str());
    DL_CHECK(L.rows() == 1 && L.cols() == Z.cols(), op, ": L must be ", Shape::row(Z.cols()).str(),
             ", got ", L.shape().str());
    DL_CHECK(dZ.rows() == Z.rows() && dZ.cols() == Z.cols(), op, ": dZ must be ",
             Shape::matrix(Z.rows(), Z.cols()).str(), " like Z, got ", dZ.shape().str());
    DL_DISPATCH(Z.device(), softmax_cross_entropy_ids, Z, ids, L, dZ);
}

}  // namespace dl
