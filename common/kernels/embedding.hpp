/// @file embedding.hpp
/// @brief Embedding lookup (词嵌入) and its backward pass, a scatter-add.
///
/// A vocabulary of V symbols (the characters of a text) is embedded in D dimensions by a matrix
/// E (D x V) whose column v is symbol v's vector. Symbol ids arrive as a 1 x N row of numbers
/// (a float tensor holding whole numbers: every tensor of the course is floating point, and
/// float32 holds every integer up to 2^24 exactly), one per column of the batch:
///
///     forward:   out(:, j) = E(:, id_j)                     (D x N; a column gather)
///     backward:  dE(:, id_j) += dout(:, j)   for every j    (a scatter-add)
///
/// Multiplying E by the one-hot matrix of the ids would give the same numbers at V times the
/// cost; the backward pass is the transpose of that product, dE += dout·onehotᵀ, in which a
/// symbol that appears k times in the batch receives the sum of its k columns.
///
/// Twins: embedding_cpu.cpp, embedding_cuda.cu (atomic adds: the order of the additions, hence
/// the last bits of dE, may differ from run to run). Test: tests/kernels/test_embedding.cpp.
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void embedding_forward(const Tensor& E, const Tensor& ids, Tensor& out);
void embedding_backward(const Tensor& ids, const Tensor& dout, Tensor& dE);
}  // namespace cpu
namespace cuda {
void embedding_forward(const Tensor& E, const Tensor& ids, Tensor& out);
void embedding_backward(const Tensor& ids, const Tensor& dout, Tensor& dE);
}  // namespace cuda

/// out(:, j) = E(:, ids(0, j)). E: D x V, ids: 1 x N, out: D x N. An id that is not a whole
/// number in [0, V) is an error on the CPU (naming the column and the value); on the GPU its
/// column is set to 0 (a kernel cannot throw), never read out of bounds.
inline void embedding_forward(const Tensor& E, const Tensor& ids, Tensor& out) {
    const char* op = "embedding_forward";
    check_same_device(op, {&E, &ids, &out});
    check_same_dtype(op, {&E, &ids, &out});
    check_float_dtype(op, E);
    DL_CHECK(ids.rows() == 1, op, ": ids must be one row (1 x N), got ", ids.shape().str());
    DL_CHECK(out.rows() == E.rows() && out.cols() == ids.cols(), op, ": out must be ",
             Shape::matrix(E.rows(), ids.cols()).str(), " (D x N), got ", out.shape().str());
    DL_DISPATCH(E.device(), embedding_forward, E, ids, out);
}

/// dE(:, ids(0, j)) += dout(:, j) for j = 0 … N − 1. dout: D x N, dE: D x V. Bad ids as in
/// embedding_forward (skipped on the GPU).
inline void embedding_backward(const Tensor& ids, const Tensor& dout, Tensor& dE) {
    const char* op = "embedding_backward";
    check_same_device(op, {&ids, &dout, &dE});
    check_same_dtype(op, {&ids, &dout, &dE});
    check_float_dtype(op, dE);
    DL_CHECK(ids.rows() == 1, op, ": ids must be one row (1 x N), got ", ids.shape().str());
    DL_CHECK(dout.rows() == dE.rows() && dout.cols() == ids.cols(), op, ": dout must be ",
             Shape::matrix(dE.rows(), ids.cols()).str(), " (D x N), got ", dout.shape().str());
    DL_DISPATCH(dE.device(), embedding_backward, ids, dout, dE);
}

}  // namespace dl
