/// @file device_info.hpp
/// @brief Section 1: the host (CPU) and the device (GPU) — what the GPU is, how fast data
/// moves between the two memories, and the thread hierarchy a kernel runs on.
///
/// The lecture's CUDA model: a program has a *host* side (主机端, the CPU and its memory) and a
/// *device* side (设备端, the GPU and its own memory, 显存). The host prepares the data, copies
/// it into device memory, launches kernels (核函数) that the device runs on thousands of
/// threads, and copies the results back. Every copy crosses the PCIe (or NVLink-C2C) link,
/// which is much slower than either memory, so the chapter measures it: from ordinary
/// (pageable) host memory, and from pinned (page-locked, 锁页) memory that the GPU's copy engine
/// can read directly.
#pragma once

#include <string>
#include <vector>

#include "io/json.hpp"

namespace ch09 {

/// The GPU's description (cudaGetDeviceProperties and cudaDeviceGetAttribute).
struct DeviceInfo {
    std::string name;
    int cc_major = 0, cc_minor = 0;
    int sms = 0;                     ///< streaming multiprocessors (SM)
    int fp32_lanes_per_sm = 0;       ///< FP32 units per SM for this compute capability
    double memory_gib = 0;
    double sm_clock_mhz = 0, memory_clock_mhz = 0;
    int bus_width_bits = 0;
    double l2_mib = 0;
    int warp_size = 0, max_threads_per_block = 0, max_threads_per_sm = 0;
    double smem_per_block_kib = 0, smem_per_sm_kib = 0;
    int regs_per_sm = 0;
    double peak_fp32_tflops = 0;     ///< SMs × FP32 lanes × 2 flops × SM clock
    double peak_memory_gbs = 0;      ///< 2 (double data rate) × memory clock × bus width / 8
    /// NVIDIA's datasheet figures when the name is one the chapter knows (H100, H200), else 0.
    double sheet_fp32_tflops = 0, sheet_tensor16_tflops = 0, sheet_memory_gbs = 0;
    std::string sheet_name;
};

/// Copy bandwidths between host and device memory, GB/s (median of several copies).
struct TransferRates {
    double megabytes = 0;
    double h2d_pageable = 0, h2d_pinned = 0, d2h_pageable = 0, d2h_pinned = 0;
    double d2d = 0;  ///< device to device (bytes read + written), the memory's practical ceiling
};

/// The GPU's description. Throws dl::Error when no GPU can be used.
DeviceInfo query_device();
/// Measures the copies with `bytes` per copy.
TransferRates measure_transfers(std::size_t bytes, int repeats);

/// The host: CPU model and logical cores (from /proc/cpuinfo), memory (from /proc/meminfo).
std::string describe_host();

std::string device_table(const DeviceInfo& d);
std::string transfer_table(const TransferRates& t);
dl::Json to_json(const DeviceInfo& d);
dl::Json to_json(const TransferRates& t);

/// The whoami kernel's picture of the thread hierarchy on an M x N matrix cut into blocks of
/// bx x by threads: which block and which thread owns each element. On the GPU when `gpu`,
/// else in the CPU emulator (the same kernel source). Returns the printed tables.
std::string hierarchy_demo(bool gpu, int M, int N, int bx, int by);

}  // namespace ch09
