/// @file batch_cpu.cpp
/// @brief CPU twin of dl::gather_batch (contract in batch.hpp).
#include "batch.hpp"

namespace dl::cpu {

void gather_batch(const DeviceArray<uint8_t>& pixels, const DeviceArray<int32_t>& labels,
                  const DeviceArray<int32_t>& order, int64_t offset, float scale, Tensor& X,
                  Tensor& Y) {
    const int64_t n = X.rows(), m = X.cols(), K = Y.rows(), N = labels.size();
    const uint8_t* px = pixels.data();
    const int32_t* lab = labels.data();
    const int32_t* ord = order.data() + offset;
    float* x = X.data<float>();
    float* y = Y.data<float>();
    for (int64_t j = 0; j < m; ++j) {
        const int64_t s = ord[j];
        DL_CHECK(s >= 0 && s < N, "gather_batch: sample index ", s, " outside [0, ", N, ")");
        const int label = lab[s];
        DL_CHECK(label >= 0 && label < K, "gather_batch: label ", label, " of sample ", s,
                 " outside [0, ", K, ")");
        const uint8_t* src = px + s * n;
        float* dst = x + j * n;
        for (int64_t i = 0; i < n; ++i) dst[i] = scale * static_cast<float>(src[i]);
        float* yj = y + j * K;
        for (int64_t k = 0; k < K; ++k) yj[k] = 0.0f;
        yj[label] = 1.0f;
    }
}

}  // namespace dl::cpu
