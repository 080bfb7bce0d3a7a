/// @file metrics_cpu.cpp
/// @brief CPU twin of dl::accumulate_metrics (contract in metrics.hpp).
#include <cmath>

#include "metrics.hpp"

namespace dl::cpu {

void accumulate_metrics(const Tensor& A, const Tensor& Y, const Tensor& L, Tensor& acc,
                        float step) {
    const int64_t K = A.rows(), m = A.cols();
    const float* a = A.data<float>();
    const float* y = Y.data<float>();
    const float* l = L.data<float>();
    float* out = acc.data<float>();
    float loss = 0.0f, correct = 0.0f;
    for (int64_t j = 0; j < m; ++j) {
        loss += l[j];
        if (K == 1) {  // one output (a probability, BCE): right when both sit on one side of 0.5
            correct += (a[j] >= 0.5f) == (y[j] >= 0.5f) ? 1.0f : 0.0f;
            continue;
        }
        int64_t pa = 0, py = 0;
        for (int64_t k = 1; k < K; ++k) {
            if (a[j * K + k] > a[j * K + pa]) pa = k;
            if (y[j * K + k] > y[j * K + py]) py = k;
        }
        correct += pa == py ? 1.0f : 0.0f;
    }
    out[0] += loss;
    out[1] += correct;
    if (!std::isfinite(loss) && out[2] == 0.0f) out[2] = step;
}

}  // namespace dl::cpu
