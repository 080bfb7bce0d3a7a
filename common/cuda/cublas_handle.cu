#include "check.cuh"

namespace dl::cuda {

cublasHandle_t cublas_handle() {
    static cublasHandle_t handle = [] {
        cublasHandle_t h = nullptr;
        DL_CUBLAS_CHECK(cublasCreate(&h));
        return h;
    }();
    return handle;
}

}  // namespace dl::cuda
