/// @file lstm_cuda.cu
/// @brief CUDA twin of dl::lstm_cell_forward / lstm_cell_backward (contract in lstm.hpp).
///
/// One thread per cell (unit r of sequence j): it reads that unit's four gates, which sit H
/// apart in the 4H x B matrix, and writes the unit's outputs. Neighbouring threads take
/// neighbouring units, so every read and write is coalesced. σ and tanh are the formulas of
/// scalar_math.hpp, shared with the CPU's float64 path.
#include "../cuda/check.cuh"
#include "lstm.hpp"
#include "scalar_math.hpp"

namespace dl::cuda {

namespace {

__global__ void lstm_forward_kernel(const float* Z, const float* Cp, float* G, float* C,
                                    float* Hs, int64_t H, int64_t n) {
    for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < n;
         k += int64_t(gridDim.x) * blockDim.x) {
        const int64_t j = k / H, r = k - j * H;
        const int64_t q = j * 4 * H + r;
        const float f = math::sigmoid(Z[q]);             // f = σ(Z_f)
        const float i = math::sigmoid(Z[q + H]);         // i = σ(Z_i)
        const float ct = tanhf(Z[q + 2 * H]);            // C̃ = tanh(Z_C)
        const float o = math::sigmoid(Z[q + 3 * H]);     // o = σ(Z_o)
        G[q] = f;
        G[q + H] = i;
        G[q + 2 * H] = ct;
        G[q + 3 * H] = o;
        const float c = f * Cp[k] + i * ct;              // C_t = f ⊙ C_{t−1} + i ⊙ C̃
        C[k] = c;
        Hs[k] = o * tanhf(c);                            // h_t = o ⊙ tanh C_t
    }
}

__global__ void lstm_backward_kernel(const float* G, const float* Cp, const float* C,
                                     const float* dH, const float* dCn, float* dZ, float* dCp,
                                     int64_t H, int64_t n) {
    for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < n;
         k += int64_t(gridDim.x) * blockDim.x) {
        const int64_t j = k / H, r = k - j * H;
        const int64_t q = j * 4 * H + r;
        const float f = G[q], i = G[q + H], ct = G[q + 2 * H], o = G[q + 3 * H];
        const float tc = tanhf(C[k]);
        const float dh = dH[k];
        const float dC = dCn[k] + dh * o * (1.0f - tc * tc);  // everything that reaches C_t
        dZ[q] = dC * Cp[k] * f * (1.0f - f);                  // df ⊙ σ'(Z_f)
        dZ[q + H] = dC * ct * i * (1.0f - i);                 // di ⊙ σ'(Z_i)
        dZ[q + 2 * H] = dC * i * (1.0f - ct * ct);            // dC̃ ⊙ tanh'(Z_C)
        dZ[q + 3 * H] = dh * tc * o * (1.0f - o);             // do ⊙ σ'(Z_o)
        dCp[k] = dC * f;                                      // ∂J/∂C_{t−1}
    }
}

}  // namespace

void lstm_cell_forward(const Tensor& Z, const Tensor& c_prev, Tensor& gates, Tensor& c,
                       Tensor& h) {
    const int64_t n = c.numel();
    if (n == 0) return;
    lstm_forward_kernel<<<blocks_for(n), kThreads>>>(Z.data<float>(), c_prev.data<float>(),
                                                     gates.data<float>(), c.data<float>(),
                                                     h.data<float>(), c.rows(), n);
    DL_CUDA_CHECK_LAUNCH("lstm_cell_forward");
}

void lstm_cell_backward(const Tensor& gates, const Tensor& c_prev, const Tensor& c,
                        const Tensor& dh, const Tensor& dc_next, Tensor& dZ, Tensor& dc_prev) {
    const int64_t n = c.numel();
    if (n == 0) return;
    lstm_backward_kernel<<<blocks_for(n), kThreads>>>(
        gates.data<float>(), c_prev.data<float>(), c.data<float>(), dh.data<float>(),
        dc_next.data<float>(), dZ.data<float>(), dc_prev.data<float>(), c.rows(), n);
    DL_CUDA_CHECK_LAUNCH("lstm_cell_backward");
}

}  // namespace dl::cuda
