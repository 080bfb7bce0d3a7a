/// @file lstm_cpu.cpp
/// @brief CPU twin of dl::lstm_cell_forward / lstm_cell_backward (contract in lstm.hpp).
///
/// One column (one sequence of the batch) at a time: its four gate blocks are contiguous runs
/// of H numbers, which Eigen's array expressions evaluate with vector instructions, σ and tanh
/// included (Eigen's vectorized logistic and tanh: rational approximations within a few ulps in
/// float32, the exact 1/(1 + e^{−z}) and std::tanh in float64). Columns are split between the
/// OpenMP threads when there is enough work.
#include <Eigen/Core>
#include <algorithm>

#include "lstm.hpp"

namespace dl::cpu {

namespace {

/// H·B at and above which the columns are shared between threads (a step of H = 256, B = 32 is
/// 8,192 cells, about 20 µs of work on one core).
constexpr int64_t kParallelCells = 8192;
/// The backward pass works on runs of at most this many units, so its temporaries live on the
/// stack (nothing is allocated per step).
constexpr int kChunk = 256;

template <class T>
using Arr = Eigen::Array<T, Eigen::Dynamic, 1>;
template <class T>
using Vec = Eigen::Map<Arr<T>>;
template <class T>
using CVec = Eigen::Map<const Arr<T>>;
template <class T>
using Chunk = Eigen::Array<T, Eigen::Dynamic, 1, Eigen::ColMajor, kChunk, 1>;

template <class T>
void forward_t(const Tensor& Z, const Tensor& Cp, Tensor& G, Tensor& C, Tensor& Hs) {
    const int64_t H = C.rows(), B = C.cols();
    const T* z = Z.data<T>();
    const T* cp = Cp.data<T>();
    T* g = G.data<T>();
    T* c = C.data<T>();
    T* h = Hs.data<T>();
#pragma omp parallel for if (H * B >= kParallelCells) schedule(static)
    for (int64_t j = 0; j < B; ++j) {
        const T* zj = z + j * 4 * H;
        T* gj = g + j * 4 * H;
        Vec<T> f(gj, H), i(gj + H, H), ct(gj + 2 * H, H), o(gj + 3 * H, H);
        f = CVec<T>(zj, H).logistic();              // f = σ(Z_f)
        i = CVec<T>(zj + H, H).logistic();          // i = σ(Z_i)
        ct = CVec<T>(zj + 2 * H, H).tanh();         // C̃ = tanh(Z_C)
        o = CVec<T>(zj + 3 * H, H).logistic();      // o = σ(Z_o)
        Vec<T> cj(c + j * H, H);
        cj = f * CVec<T>(cp + j * H, H) + i * ct;   // C_t = f ⊙ C_{t−1} + i ⊙ C̃
        Vec<T>(h + j * H, H) = o * cj.tanh();       // h_t = o ⊙ tanh C_t
    }
}

template <class T>
void backward_t(const Tensor& G, const Tensor& Cp, const Tensor& C, const Tensor& dH,
                const Tensor& dCn, Tensor& dZ, Tensor& dCp) {
    const int64_t H = C.rows(), B = C.cols();
    const T* g = G.data<T>();
    const T* cp = Cp.data<T>();
    const T* c = C.data<T>();
    const T* dh = dH.data<T>();
    const T* dcn = dCn.data<T>();
    T* dz = dZ.data<T>();
    T* dcp = dCp.data<T>();
#pragma omp parallel for if (H * B >= kParallelCells) schedule(static)
    for (int64_t j = 0; j < B; ++j) {
        for (int64_t r = 0; r < H; r += kChunk) {
            const int64_t n = std::min<int64_t>(kChunk, H - r);
            const int64_t u = j * H + r;        // unit r of sequence j in an H x B matrix
            const int64_t q = j * 4 * H + r;    // its forget gate in a 4H x B matrix
            const CVec<T> f(g + q, n), i(g + q + H, n), ct(g + q + 2 * H, n), o(g + q + 3 * H, n);
            const CVec<T> dhj(dh + u, n);
            const Chunk<T> tc = CVec<T>(c + u, n).tanh();                       // tanh C_t
            const Chunk<T> dC = CVec<T>(dcn + u, n) + dhj * o * (T(1) - tc * tc);  // ∂J/∂C_t
            Vec<T>(dz + q, n) = dC * CVec<T>(cp + u, n) * f * (T(1) - f);       // df ⊙ σ'
            Vec<T>(dz + q + H, n) = dC * ct * i * (T(1) - i);                   // di ⊙ σ'
            Vec<T>(dz + q + 2 * H, n) = dC * i * (T(1) - ct * ct);              // dC̃ ⊙ tanh'
            Vec<T>(dz + q + 3 * H, n) = dhj * tc * o * (T(1) - o);              // do ⊙ σ'
            Vec<T>(dcp + u, n) = dC * f;                                        // ∂J/∂C_{t−1}
        }
    }
}

}  // namespace

void lstm_cell_forward(const Tensor& Z, const Tensor& c_prev, Tensor& gates, Tensor& c,
                       Tensor& h) {
    if (Z.dtype() == DType::F64)
        forward_t<double>(Z, c_prev, gates, c, h);
    else
        forward_t<float>(Z, c_prev, gates, c, h);
}

void lstm_cell_backward(const Tensor& gates, const Tensor& c_prev, const Tensor& c,
                        const Tensor& dh, const Tensor& dc_next, Tensor& dZ, Tensor& dc_prev) {
    if (gates.dtype() == DType::F64)
        backward_t<double>(gates, c_prev, c, dh, dc_next, dZ, dc_prev);
    else
        backward_t<float>(gates, c_prev, c, dh, dc_next, dZ, dc_prev);
}

}  // namespace dl::cpu
