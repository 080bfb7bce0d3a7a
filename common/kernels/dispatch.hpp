/// @file dispatch.hpp
/// @brief How a kernel's contract picks its CPU or CUDA twin.
///
/// Every hot kernel of the course is declared three times with one signature:
///
///     namespace dl       { void op(args); }   // the contract: checks, then dispatches
///     namespace dl::cpu  { void op(args); }   // op_cpu.cpp, Eigen
///     namespace dl::cuda { void op(args); }   // op_cuda.cu, CUDA / cuBLAS
///
/// The contract function (inline, in op.hpp) checks shapes, types and devices once and calls
/// the twin for the tensors' device through DL_DISPATCH. Built without CUDA, the CUDA branch
/// throws instead of referring to a function that does not exist.
#pragma once

#include "../core/tensor.hpp"

namespace dl {

/// Thrown by DL_DISPATCH for a CUDA tensor in a build without CUDA (tensors cannot normally
/// get there: allocating one already fails with the same reason).
[[noreturn]] inline void no_cuda_build(const char* op) {
    fail(op, ": the course was built without CUDA");
}

/// Throws unless the tensor holds float32 or float64 (float64 only on the CPU).
inline void check_float_dtype(const char* op, const Tensor& t) {
    DL_CHECK(t.dtype() == DType::F32 || (t.dtype() == DType::F64 && t.is_cpu()), op,
             ": expected float32 (or float64 on the CPU), got ", describe(t));
}

/// The same for the kernels that also have a 16-bit twin (mixed precision, chapter 9: matmul,
/// add_bias, the activations, row_sums, axpby; their *_half twins are in half_ops_cpu.cpp and
/// half_ops_cuda.cu): float16 and bfloat16 are accepted too.
inline void check_float_or_half_dtype(const char* op, const Tensor& t) {
    DL_CHECK(t.dtype() == DType::F32 || is_half(t.dtype()) ||
                 (t.dtype() == DType::F64 && t.is_cpu()),
             op, ": expected float32, float16 or bfloat16 (or float64 on the CPU), got ", describe(t));
}

}  // namespace dl

#ifdef DL_WITH_CUDA
#define DL_DISPATCH(device, fn, ...) \
    ((device) == ::dl::Device::CPU ? ::dl::cpu::fn(__VA_ARGS__) : ::dl::cuda::fn(__VA_ARGS__))
#else
#define DL_DISPATCH(device, fn, ...) \
    ((device) == ::dl::Device::CPU ? ::dl::cpu::fn(__VA_ARGS__) : ::dl::no_cuda_build(#fn))
#endif
