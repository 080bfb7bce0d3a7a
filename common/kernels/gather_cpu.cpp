/// @file gather_cpu.cpp
/// @brief CPU twin of dl::gather_columns (contract in gather.hpp).
#include <cstring>

#include "gather.hpp"

namespace dl::cpu {

void gather_columns(const Tensor& src, const DeviceArray<int32_t>& order, int64_t offset,
                    Tensor& out) {
    const int64_t n = src.rows(), N = src.cols(), m = out.cols();
    const std::size_t bytes = static_cast<std::size_t>(n) * dtype_size(src.dtype());
    const char* s = static_cast<const char*>(src.raw());
    char* o = static_cast<char*>(out.raw());
    const int32_t* ord = order.data() + offset;
    for (int64_t j = 0; j < m; ++j) {
        DL_CHECK(ord[j] >= 0 && ord[j] < N, "gather_columns: sample index ", ord[j],
                 " outside [0, ", N, ")");
        std::memcpy(o + j * bytes, s + ord[j] * bytes, bytes);  // one column: contiguous
    }
}

}  // namespace dl::cpu
