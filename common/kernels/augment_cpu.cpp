/// @file augment_cpu.cpp
/// @brief CPU twin of dl::augment_images (contract in augment.hpp).
#include "augment.hpp"

namespace dl::cpu {

namespace {
template <class T>
void augment_t(const Tensor& X, Tensor& Y, const AugmentSettings& s, uint64_t seed,
               uint64_t batch) {
    const Shape& sh = X.shape();
    const int64_t W = sh[0], H = sh[1], C = sh[2], m = sh[3];
    const T* x = X.data<T>();
    T* y = Y.data<T>();
#pragma omp parallel for if (m * W * H * C >= 65536) schedule(static)
    for (int64_t j = 0; j < m; ++j) {
        const AugmentDraw d = augment_draw(s, seed, batch, uint64_t(j));  // once per image
        for (int64_t c = 0; c < C; ++c) {
            const T* in = x + W * H * (c + C * j);
            T* out = y + W * H * (c + C * j);
            for (int64_t r = 0; r < H; ++r) {
                const int64_t rs = r - d.dy;  // source row
                for (int64_t col = 0; col < W; ++col) {
                    const int64_t cs = d.flip ? W - 1 - (col - d.dx) : col - d.dx;  // source column
                    out[col + W * r] =
                        rs >= 0 && rs < H && cs >= 0 && cs < W ? in[cs + W * rs] : T(0);
                }
            }
        }
    }
}
}  // namespace

void augment_images(const Tensor& X, Tensor& Y, const AugmentSettings& s, uint64_t seed,
                    uint64_t batch) {
    if (X.empty()) return;
    if (X.dtype() == DType::F64)
        augment_t<double>(X, Y, s, seed, batch);
    else
        augment_t<float>(X, Y, s, seed, batch);
}

}  // namespace dl::cpu
