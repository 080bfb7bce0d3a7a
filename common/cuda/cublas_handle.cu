/// @file cublas_handle.cu
/// @brief cuBLAS, loaded on first use: the process's handle and the entry points the course calls.
///
/// Linking cuBLAS into a program costs about 150 MB of resident memory at start-up (the
/// library's own initialisation), even when the program then runs on the CPU. The course's
/// programs are CUDA builds by default, so cuBLAS is opened with dlopen() the first time a GPU
/// product needs it, and a `--device cpu` run never pays for it. A later chapter that needs
/// another cuBLAS function adds its symbol to CublasApi.
#include <dlfcn.h>

#include <string>

#include "check.cuh"

namespace dl::cuda {

namespace {

struct CublasApi {
    decltype(&cublasCreate_v2) create = nullptr;
    decltype(&cublasSgemm_v2) sgemm = nullptr;
    // cublasGemmEx is overloaded in the header (an inline wrapper for an older signature), so
    // its type is written out: the library's own entry point.
    using GemmEx = cublasStatus_t (*)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int,
                                      int, int, const void*, const void*, cudaDataType, int,
                                      const void*, cudaDataType, int, const void*, void*,
                                      cudaDataType, int, cublasComputeType_t, cublasGemmAlgo_t);
    GemmEx gemm_ex = nullptr;  // mixed precision (chapter 9): fp16/bf16 inputs, fp32 compute
};

template <class Fn>
Fn symbol(void* lib, const char* name) {
    void* p = dlsym(lib, name);
    DL_CHECK(p != nullptr, "cuBLAS was loaded but has no symbol ", name, ": ", dlerror());
    return reinterpret_cast<Fn>(p);
}

const CublasApi& api() {
    static const CublasApi loaded = [] {
        // The toolkit's own copy first (the one the course was compiled against), then the
        // dynamic linker's search path.
        const std::string candidates[] = {std::string(DL_CUBLAS_DIR) + "/" + DL_CUBLAS_SONAME,
                                          DL_CUBLAS_SONAME, "libcublas.so"};
        void* lib = nullptr;
        std::string why;
        for (const auto& name : candidates) {
            lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (lib) break;
            why = dlerror();
        }
        DL_CHECK(lib != nullptr, "cannot load cuBLAS (", DL_CUBLAS_SONAME, "): ", why,
                 "; install the CUDA toolkit's cuBLAS or add its lib64 folder to "
                 "LD_LIBRARY_PATH");
        CublasApi a;
        a.create = symbol<decltype(a.create)>(lib, "cublasCreate_v2");
        a.sgemm = symbol<decltype(a.sgemm)>(lib, "cublasSgemm_v2");
        a.gemm_ex = symbol<decltype(a.gemm_ex)>(lib, "cublasGemmEx");
        return a;  // the library stays loaded for the life of the process
    }();
    return loaded;
}

}  // namespace

cublasHandle_t cublas_handle() {
    static cublasHandle_t handle = [] {
        cublasHandle_t h = nullptr;
        DL_CUBLAS_CHECK(api().create(&h));
        return h;
    }();
    return handle;
}

cublasStatus_t sgemm(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                     const float* alpha, const float* A, int lda, const float* B, int ldb,
                     const float* beta, float* C, int ldc) {
    return api().sgemm(cublas_handle(), ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

cublasStatus_t gemm_ex(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                       const float* alpha, const void* A, cudaDataType a_type, int lda,
                       const void* B, cudaDataType b_type, int ldb, const float* beta, void* C,
                       cudaDataType c_type, int ldc) {
    return api().gemm_ex(cublas_handle(), ta, tb, m, n, k, alpha, A, a_type, lda, B, b_type, ldb,
                         beta, C, c_type, ldc, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
}

}  // namespace dl::cuda
