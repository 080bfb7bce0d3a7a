#include "device.hpp"

#include "error.hpp"

#include <cstdlib>

#ifdef DL_WITH_CUDA
#include <cuda_runtime_api.h>
#include <dlfcn.h>

namespace dl::cuda {
void warm_up();  // common/cuda/warm_up.cu
}
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

namespace {

// cudaError_t values the verdict needs, as plain numbers so that a build without CUDA can
// still test the verdict (checked against the runtime's enum below when CUDA is built).
constexpr int kSuccess = 0;
constexpr int kStubLibrary = 34;        // cudaErrorStubLibrary
constexpr int kInsufficientDriver = 35;  // cudaErrorInsufficientDriver
constexpr int kNoDevice = 100;           // cudaErrorNoDevice
#ifdef DL_WITH_CUDA
static_assert(kStubLibrary == cudaErrorStubLibrary && kNoDevice == cudaErrorNoDevice &&
              kInsufficientDriver == cudaErrorInsufficientDriver);
#endif

/// "13.0" for 13000.
std::string cuda_version_text(int v) { return cat(v / 1000, ".", (v % 1000) / 10); }

/// The oldest Linux driver NVIDIA lists for a CUDA major version (toolkit release notes).
std::string driver_needed(int runtime_version) {
    const int major = runtime_version / 1000;
    if (major == 13) return "an NVIDIA driver of the R580 branch or newer (580.65.06 or later)";
    if (major == 12) return "an NVIDIA driver of the R525 branch or newer (525.60.13 or later)";
    return cat("an NVIDIA driver for CUDA ", cuda_version_text(runtime_version), " or newer");
}

#ifdef DL_WITH_CUDA
CudaProbe probe_cuda() {
    CudaProbe p;
    int count = 0;
    const cudaError_t e = cudaGetDeviceCount(&count);
    p.error = static_cast<int>(e);
    p.error_name = cudaGetErrorName(e);
    p.error_text = cudaGetErrorString(e);
    p.device_count = e == cudaSuccess ? count : 0;
    cudaGetLastError();  // clear the sticky error, or the next launch check reports it
    int driver = 0;
    if (cudaDriverGetVersion(&driver) != cudaSuccess) driver = 0;
    cudaGetLastError();
    p.driver_version = driver;
    p.runtime_version = CUDART_VERSION;
    // The runtime loads the driver's library itself; ask again to tell "no driver installed"
    // from "a driver that refused".
    if (void* lib = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL)) {
        p.driver_library = true;
        dlclose(lib);
    }
    return p;
}
#endif

}  // namespace

CudaStatus classify_cuda_probe(const CudaProbe& p) {
    const std::string err = cat(p.error_name.empty() ? cat("CUDA error ", p.error) : p.error_name,
                                p.error_text.empty() ? "" : ": " + p.error_text);
    if (p.error == kSuccess) {
        if (p.device_count > 0) return {CudaState::Usable, ""};
        return {CudaState::NoGpu, "no GPU: the NVIDIA driver sees no CUDA-capable device"};
    }
    if (p.error == kNoDevice)
        return {CudaState::NoGpu, cat("no GPU: the NVIDIA driver sees no CUDA-capable device (",
                                      err, ")")};
    if (p.error == kInsufficientDriver) {
        if (!p.driver_library)
            return {CudaState::NoGpu, "no GPU: no NVIDIA driver is installed (libcuda.so.1 "
                                      "cannot be loaded)"};
        if (p.driver_version > 0 && p.driver_version < p.runtime_version)
            return {CudaState::Broken,
                    cat("the NVIDIA driver supports CUDA up to ",
                        cuda_version_text(p.driver_version), ", but this build needs CUDA ",
                        cuda_version_text(p.runtime_version), ", which needs ",
                        driver_needed(p.runtime_version), "; update the driver (",
                        err, ")")};
        return {CudaState::Broken,
                cat("the NVIDIA driver (libcuda.so.1, reporting CUDA ",
                    p.driver_version > 0 ? cuda_version_text(p.driver_version) : "version 0",
                    ") refused the CUDA ", cuda_version_text(p.runtime_version),
                    " runtime; this build needs ", driver_needed(p.runtime_version), " (", err,
                    ")")};
    }
    if (p.error == kStubLibrary)
        return {CudaState::Broken,
                cat("the CUDA driver library that was loaded is the toolkit's stub, not a "
                    "driver: remove the toolkit's lib64/stubs folder from LD_LIBRARY_PATH (",
                    err, ")")};
    return {CudaState::Broken, cat("the CUDA runtime failed to list the GPUs (", err, ")")};
}

CudaStatus cuda_status() {
#ifdef DL_WITH_CUDA
    // Asked once: the answer does not change while the program runs.
    static const CudaStatus status = classify_cuda_probe(probe_cuda());
    return status;
#else
    return {CudaState::NotCompiled,
            "the course was built without CUDA (nvcc was not found at configure time, or "
            "-DDL_CUDA=OFF)"};
#endif
}

std::string cuda_unavailable_reason() { return cuda_status().reason; }

bool cuda_available() { return cuda_status().state == CudaState::Usable; }

bool gpu_required() {
    const char* v = std::getenv("DL_REQUIRE_GPU");
    return v != nullptr && *v != '\0' && std::string(v) != "0";
}

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

void warm_up(Device d) {
    if (d == Device::CPU) return;
    require_device(d);
#ifdef DL_WITH_CUDA
    cuda::warm_up();
#endif
}

}  // namespace dl
