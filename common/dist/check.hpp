/// @file check.hpp
/// @brief The argument checks every communicator makes (one message for all backends).
#pragma once

#include "../core/error.hpp"
#include "../core/tensor.hpp"

namespace dl::dist {

/// The tensors a collective takes: float32 or float64 (what the course trains and checks in).
inline void check_reducible(const char* op, const Tensor& x) {
    DL_CHECK(x.dtype() == DType::F32 || x.dtype() == DType::F64, op,
             ": expected a float32 or float64 tensor, got ", dtype_name(x.dtype()));
}

inline void check_root(int root, int size) {
    DL_CHECK(root >= 0 && root < size, "broadcast: root rank ", root, " does not exist (ranks 0 to ",
             size - 1, ")");
}

}  // namespace dl::dist
