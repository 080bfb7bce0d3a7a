/// @file device_cuda.cu
/// @brief The GPU's properties and the host/device copy bandwidths (see device_info.hpp).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/device.hpp"
#include "cuda/check.cuh"
#include "device_info.hpp"

namespace ch09 {

namespace {
/// FP32 units per SM by compute capability (NVIDIA's CUDA C++ Programming Guide, "Arithmetic
/// Instructions": 64 on Volta, Turing and the A100; 128 on the other Ampere GPUs, Ada, Hopper
/// and Blackwell).
int fp32_lanes(int major, int minor) {
    if (major == 7 || (major == 8 && minor == 0)) return 64;
    return 128;
}

int attribute(cudaDeviceAttr a, int dev) {
    int v = 0;
    DL_CUDA_CHECK(cudaDeviceGetAttribute(&v, a, dev));
    return v;
}
}  // namespace

DeviceInfo query_device() {
    dl::require_device(dl::Device::CUDA);
    int dev = 0;
    DL_CUDA_CHECK(cudaGetDevice(&dev));
    cudaDeviceProp p{};
    DL_CUDA_CHECK(cudaGetDeviceProperties(&p, dev));
    DeviceInfo d;
    d.name = p.name;
    d.cc_major = p.major, d.cc_minor = p.minor;
    d.sms = p.multiProcessorCount;
    d.fp32_lanes_per_sm = fp32_lanes(p.major, p.minor);
    d.memory_gib = double(p.totalGlobalMem) / (1024.0 * 1024.0 * 1024.0);
    d.sm_clock_mhz = attribute(cudaDevAttrClockRate, dev) / 1000.0;        // kHz
    d.memory_clock_mhz = attribute(cudaDevAttrMemoryClockRate, dev) / 1000.0;
    d.bus_width_bits = attribute(cudaDevAttrGlobalMemoryBusWidth, dev);
    d.l2_mib = p.l2CacheSize / (1024.0 * 1024.0);
    d.warp_size = p.warpSize;
    d.max_threads_per_block = p.maxThreadsPerBlock;
    d.max_threads_per_sm = p.maxThreadsPerMultiProcessor;
    d.smem_per_block_kib = p.sharedMemPerBlock / 1024.0;
    d.smem_per_sm_kib = p.sharedMemPerMultiprocessor / 1024.0;
    d.regs_per_sm = p.regsPerMultiprocessor;
    d.peak_fp32_tflops = d.sms * double(d.fp32_lanes_per_sm) * 2.0 * d.sm_clock_mhz * 1e6 / 1e12;
    d.peak_memory_gbs = 2.0 * d.memory_clock_mhz * 1e6 * d.bus_width_bits / 8.0 / 1e9;
    // NVIDIA's datasheets (dense figures; the "with sparsity" ones are twice these).
    const std::string n = d.name;
    if (n.find("H200") != std::string::npos) {
        d.sheet_name = "H200 SXM", d.sheet_fp32_tflops = 67, d.sheet_tensor16_tflops = 989,
        d.sheet_memory_gbs = 4800;
    } else if (n.find("H100") != std::string::npos && n.find("PCIe") != std::string::npos) {
        d.sheet_name = "H100 PCIe", d.sheet_fp32_tflops = 51, d.sheet_tensor16_tflops = 756,
        d.sheet_memory_gbs = 2000;
    } else if (n.find("H100") != std::string::npos) {
        d.sheet_name = "H100 SXM", d.sheet_fp32_tflops = 67, d.sheet_tensor16_tflops = 989,
        d.sheet_memory_gbs = 3350;
    }
    return d;
}

TransferRates measure_transfers(std::size_t bytes, int repeats) {
    dl::require_device(dl::Device::CUDA);
    TransferRates t;
    t.megabytes = bytes / 1e6;
    std::vector<unsigned char> pageable(bytes, 1);
    void* pinned = nullptr;
    void *d1 = nullptr, *d2 = nullptr;
    DL_CUDA_CHECK(cudaMallocHost(&pinned, bytes));
    std::memset(pinned, 1, bytes);
    DL_CUDA_CHECK(cudaMalloc(&d1, bytes));
    DL_CUDA_CHECK(cudaMalloc(&d2, bytes));
    cudaEvent_t start, stop;
    DL_CUDA_CHECK(cudaEventCreate(&start));
    DL_CUDA_CHECK(cudaEventCreate(&stop));
    auto gbs = [&](void* dst, const void* src, cudaMemcpyKind kind, double moved) {
        DL_CUDA_CHECK(cudaMemcpy(dst, src, bytes, kind));  // warm-up
        std::vector<double> ms;
        for (int r = 0; r < repeats; ++r) {
            DL_CUDA_CHECK(cudaEventRecord(start));
            DL_CUDA_CHECK(cudaMemcpy(dst, src, bytes, kind));
            DL_CUDA_CHECK(cudaEventRecord(stop));
            DL_CUDA_CHECK(cudaEventSynchronize(stop));
            float m = 0;
            DL_CUDA_CHECK(cudaEventElapsedTime(&m, start, stop));
            ms.push_back(m);
        }
        std::sort(ms.begin(), ms.end());
        return moved / (ms[ms.size() / 2] * 1e-3) / 1e9;
    };
    const double b = double(bytes);
    t.h2d_pageable = gbs(d1, pageable.data(), cudaMemcpyHostToDevice, b);
    t.h2d_pinned = gbs(d1, pinned, cudaMemcpyHostToDevice, b);
    t.d2h_pageable = gbs(pageable.data(), d1, cudaMemcpyDeviceToHost, b);
    t.d2h_pinned = gbs(pinned, d1, cudaMemcpyDeviceToHost, b);
    t.d2d = gbs(d2, d1, cudaMemcpyDeviceToDevice, 2 * b);
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    cudaFree(d1);
    cudaFree(d2);
    cudaFreeHost(pinned);
    return t;
}

}  // namespace ch09
