/// @file device.hpp
/// @brief The device switch: where a tensor lives and where its kernels run.
///
/// Every chapter program takes `--device cpu|cuda`. `cpu` always works. `cuda` needs two things:
/// the course built with CUDA (nvcc found at configure time) and an NVIDIA GPU with a driver at
/// run time. require_device() checks both and says which one is missing.
#pragma once

#include <string>

namespace dl {

enum class Device { CPU, CUDA };

/// "cpu" or "cuda".
const char* device_name(Device d);

/// Parses "cpu" / "cuda" (as given to --device); throws dl::UsageError naming the value.
Device parse_device(const std::string& name);

/// True when the course was compiled with its CUDA kernels.
bool cuda_compiled();

/// True when CUDA was compiled in and a GPU can be used now.
bool cuda_available();

/// Why CUDA cannot be used ("built without CUDA", "no GPU: ...", ...); empty when it can.
std::string cuda_unavailable_reason();

/// What a program may conclude about the GPU, and so what a CUDA test does:
///
/// | state       | meaning                                               | a CUDA test |
/// |-------------|-------------------------------------------------------|-------------|
/// | Usable      | a GPU and a driver new enough for this build          | runs        |
/// | NotCompiled | built without CUDA                                    | skips (77)  |
/// | NoGpu       | no NVIDIA driver at all, or a driver that sees no GPU | skips (77)  |
/// | Broken      | a driver too old for this build, or any other error   | fails       |
///
/// Only the absence of a GPU is a reason to skip: a GPU machine whose driver is too old, or
/// whose runtime fails, must not report a green suite that tested nothing. With the
/// environment variable DL_REQUIRE_GPU=1 (the GPU check sets it) every skip becomes a failure.
enum class CudaState { Usable, NotCompiled, NoGpu, Broken };

struct CudaStatus {
    CudaState state = CudaState::NotCompiled;
    std::string reason;  ///< one line; empty when Usable. NoGpu reasons start with "no GPU: ".
};

/// What the CUDA runtime answered when asked for its devices (the inputs of the verdict).
struct CudaProbe {
    int error = 0;                 ///< cudaGetDeviceCount's cudaError_t (0: cudaSuccess)
    std::string error_name;        ///< cudaGetErrorName of it, e.g. "cudaErrorNoDevice"
    std::string error_text;        ///< cudaGetErrorString of it
    int device_count = 0;          ///< valid when error == 0
    int driver_version = 0;        ///< cudaDriverGetVersion: 13000 for CUDA 13.0, 0: no driver
    int runtime_version = 0;       ///< the CUDA version this build needs (CUDART_VERSION)
    bool driver_library = false;   ///< the driver's libcuda.so.1 can be loaded
};

/// The verdict on a probe: a pure function, so every case is tested without a GPU.
CudaStatus classify_cuda_probe(const CudaProbe& probe);

/// The state of CUDA in this process (probed once, then cached).
CudaStatus cuda_status();

/// True when the environment sets DL_REQUIRE_GPU=1: a run that cannot use the GPU must fail.
bool gpu_required();

/// The GPU's name (cudaDeviceProp::name), or "" when none is available.
std::string cuda_device_name();

/// Throws dl::Error with the reason when `d` is CUDA and CUDA cannot be used.
void require_device(Device d);

/// Waits for the GPU to finish queued work (no-op on the CPU). Use before reading a host clock.
void synchronize(Device d);

/// Pays the GPU's one-time costs before anything is timed: the CUDA context, loading cuBLAS,
/// creating its handle and its first products (one per transpose case), then synchronizes.
/// Without it the first timed epoch of a training loop also times those (about a second).
/// No-op on the CPU.
void warm_up(Device d);

}  // namespace dl
