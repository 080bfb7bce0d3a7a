/// @file unscale_cpu.cpp
/// @brief CPU twin of dl::unscale_check (contract in unscale.hpp).
#include <cmath>

#include "half_cpu.hpp"
#include "unscale.hpp"

namespace dl::cpu {

void unscale_check(const Tensor& G, Tensor& G32, double inv_scale, Tensor& found_inf) {
    const float s = static_cast<float>(inv_scale);
    float* out = G32.data<float>();
    bool bad = false;
    for (int64_t i = 0; i < G.numel(); ++i) {
        const float g = load_float(G, i);
        bad |= !std::isfinite(g);
        out[i] = g * s;
    }
    if (bad) *found_inf.data<float>() = 1.0f;
}

}  // namespace dl::cpu
