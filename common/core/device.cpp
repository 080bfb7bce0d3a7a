#include "device.hpp"

#include "error.hpp"

#ifdef DL_WITH_CUDA
#include <cuda_runtime_api.h>
#endif

namespace dl {

const char* device_name(Device d) { return d == Device::CPU ? "cpu" : "cuda"; }

Device parse_device(const std::string& name) {
    if (name == "cpu") return Device::CPU;
    if (name == "cuda" || name == "gpu") return Device::CUDA;
    throw UsageError(cat("--device: expected cpu or cuda, got '", name, "'"));
}

bool cuda_compiled() {
#ifdef DL_WITH_CUDA
    return true;
#else
    return false;
#endif
}

std::string cuda_unavailable_reason() {
#ifdef DL_WITH_CUDA
    // Asked once: the answer does not change while the program runs.
    static const std::string reason = [] {
        int count = 0;
        cudaError_t e = cudaGetDeviceCount(&count);
        if (e == cudaErrorInsufficientDriver || e == cudaErrorNoDevice) {
            cudaGetLastError();  // clear the sticky error
            return std::string("no CUDA-capable GPU with a driver was found (") +
                   cudaGetErrorString(e) + ")";
        }
        if (e != cudaSuccess) {
            cudaGetLastError();
            return std::string("the CUDA runtime failed: ") + cudaGetErrorString(e);
        }
        if (count == 0) return std::string("no CUDA-capable GPU was found");
        return std::string();
    }();
    return reason;
#else
    return "the course was built without CUDA (nvcc was not found at configure time, or "
           "-DDL_CUDA=OFF)";
#endif
}

bool cuda_available() { return cuda_unavailable_reason().empty(); }

std::string cuda_device_name() {
#ifdef DL_WITH_CUDA
    if (!cuda_available()) return "";
    int dev = 0;
    cudaGetDevice(&dev);
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, dev) != cudaSuccess) return "";
    return prop.name;
#else
    return "";
#endif
}

void require_device(Device d) {
    if (d == Device::CPU) return;
    std::string why = cuda_unavailable_reason();
    DL_CHECK(why.empty(), "--device cuda requested, but ", why, "; use --device cpu");
}

void synchronize(Device d) {
#ifdef DL_WITH_CUDA
    if (d == Device::CUDA) {
        cudaError_t e = cudaDeviceSynchronize();
        DL_CHECK(e == cudaSuccess, "CUDA error: ", cudaGetErrorString(e));
    }
#else
    (void)d;
#endif
}

}  // namespace dl
