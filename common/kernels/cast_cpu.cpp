/// @file cast_cpu.cpp
/// @brief CPU twin of dl::cast (contract in cast.hpp).
#include "cast.hpp"
#include "half_cpu.hpp"

namespace dl::cpu {

void cast(const Tensor& X, Tensor& Y, double scale) {
    const float s = static_cast<float>(scale);
    const int64_t n = X.numel();
    for (int64_t i = 0; i < n; ++i) store_float(Y, i, s * load_float(X, i));
}

}  // namespace dl::cpu
