/// @file cast_cuda.cu
/// @brief CUDA twin of dl::cast (contract in cast.hpp).
#include "../cuda/check.cuh"
#include "cast.hpp"
#include "half_cuda.cuh"

namespace dl::cuda {

namespace {
template <class In, class Out>
__global__ void cast_kernel(const In* X, Out* Y, int64_t n, float s) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x)
        Y[i] = from_float<Out>(s * to_float(X[i]));
}
}  // namespace

void cast(const Tensor& X, Tensor& Y, double scale) {
    if (X.empty()) return;
    const float s = static_cast<float>(scale);
    with_type(X.dtype(), [&](auto in) {
        using In = decltype(in);
        with_type(Y.dtype(), [&](auto out) {
            using Out = decltype(out);
            cast_kernel<In, Out><<<blocks_for(X.numel()), kThreads>>>(
                static_cast<const In*>(X.raw()), static_cast<Out*>(Y.raw()), X.numel(), s);
        });
    });
    DL_CUDA_CHECK_LAUNCH("cast");
}

}  // namespace dl::cuda
