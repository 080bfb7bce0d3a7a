/// @file layer.cpp
/// @brief Helpers of the layer contract (see layer.hpp).
#include "layer.hpp"

namespace dl::nn {

std::string sample_str(const Shape& s) {
    if (s.rank() <= 2) return std::to_string(s.rank() == 2 ? s[0] : 0);
    std::string out;
    for (int i = s.rank() - 2; i >= 0; --i) out += (out.empty() ? "" : "×") + std::to_string(s[i]);
    return out;
}

}  // namespace dl::nn
