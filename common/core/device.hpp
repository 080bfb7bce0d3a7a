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

/// Why CUDA cannot be used ("built without CUDA", "no CUDA-capable device", ...); empty when it can.
std::string cuda_unavailable_reason();

/// The GPU's name (cudaDeviceProp::name), or "" when none is available.
std::string cuda_device_name();

/// Throws dl::Error with the reason when `d` is CUDA and CUDA cannot be used.
void require_device(Device d);

/// Waits for the GPU to finish queued work (no-op on the CPU). Use before reading a host clock.
void synchronize(Device d);

}  // namespace dl
