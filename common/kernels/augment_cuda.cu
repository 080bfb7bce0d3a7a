/// @file augment_cuda.cu
/// @brief CUDA twin of dl::augment_images (contract in augment.hpp).
#include "../cuda/check.cuh"
#include "augment.hpp"

namespace dl::cuda {

namespace {
/// One thread per output pixel; each recomputes its image's draw (one Philox call), which is
/// cheaper than a second pass to share it.
__global__ void augment_kernel(const float* X, float* Y, int64_t W, int64_t H, int64_t C,
                               int64_t m, AugmentSettings s, uint64_t seed, uint64_t batch) {
    const int64_t n = W * H * C * m;
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        const int64_t col = i % W, r = (i / W) % H, plane = i / (W * H);  // plane = c + C·j
        const int64_t j = plane / C;
        const AugmentDraw d = augment_draw(s, seed, batch, uint64_t(j));
        const int64_t rs = r - d.dy, cs = d.flip ? W - 1 - (col - d.dx) : col - d.dx;
        Y[i] = rs >= 0 && rs < H && cs >= 0 && cs < W ? X[plane * W * H + cs + W * rs] : 0.0f;
    }
}
}  // namespace

void augment_images(const Tensor& X, Tensor& Y, const AugmentSettings& s, uint64_t seed,
                    uint64_t batch) {
    if (X.empty()) return;
    const Shape& sh = X.shape();
    augment_kernel<<<blocks_for(X.numel()), kThreads>>>(X.data<float>(), Y.data<float>(), sh[0],
                                                        sh[1], sh[2], sh[3], s, seed, batch);
    DL_CUDA_CHECK_LAUNCH("augment_images");
}

}  // namespace dl::cuda
