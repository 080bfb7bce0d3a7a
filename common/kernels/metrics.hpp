/// @file metrics.hpp
/// @brief Running loss, accuracy and divergence check of a training epoch, kept on the device.
///
/// After each step the loop adds the step's numbers to a small accumulator instead of copying
/// predictions to the host:
///
///     acc(0) += Σ_j L(0, j)                                   (sum of per-sample losses)
///     acc(1) += #{ j : argmax_k A(k, j) = argmax_k Y(k, j) }  (correct predictions; with one
///               output row, K = 1, A is a probability: #{ j : (A ≥ ½) = (Y ≥ ½) })
///     acc(2)  = step   if Σ_j L(0, j) is NaN or ±inf and acc(2) was 0  (first bad step)
///
/// The host reads the three numbers a few times a second (progress bar) and at the end of the
/// epoch: the mean loss is acc(0)/samples, the accuracy acc(1)/samples, and a non-zero acc(2)
/// names the step at which the loss stopped being a finite number.
/// Twins: metrics_cpu.cpp, metrics_cuda.cu. Test: tests/nn/test_kernels_ch04.cpp.
///
/// Shapes: A, Y K x m; L 1 x m; acc 3 x 1 (all float32, one device).
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void accumulate_metrics(const Tensor& A, const Tensor& Y, const Tensor& L, Tensor& acc, float step);
}
namespace cuda {
void accumulate_metrics(const Tensor& A, const Tensor& Y, const Tensor& L, Tensor& acc, float step);
}

/// Adds one step's loss sum and correct count to acc and records `step` (≥ 1) in acc(2) the
/// first time the loss is not finite. Ties in argmax go to the first maximum.
inline void accumulate_metrics(const Tensor& A, const Tensor& Y, const Tensor& L, Tensor& acc,
                               int64_t step) {
    const char* op = "accumulate_metrics";
    check_same_device(op, {&A, &Y, &L, &acc});
    DL_CHECK(A.dtype() == DType::F32 && Y.dtype() == DType::F32 && L.dtype() == DType::F32 &&
                 acc.dtype() == DType::F32,
             op, ": expected float32 tensors");
    DL_CHECK(Y.rows() == A.rows() && Y.cols() == A.cols(), op, ": Y must be [", A.rows(), " x ",
             A.cols(), "] like A, got ", Y.shape().str());
    DL_CHECK(L.rows() == 1 && L.cols() == A.cols(), op, ": L must be [1 x ", A.cols(), "], got ",
             L.shape().str());
    DL_CHECK(acc.numel() == 3, op, ": acc must hold 3 numbers, got ", acc.shape().str());
    DL_CHECK(step >= 1, op, ": step counts from 1, got ", step);
    DL_DISPATCH(A.device(), accumulate_metrics, A, Y, L, acc, static_cast<float>(step));
}

}  // namespace dl
