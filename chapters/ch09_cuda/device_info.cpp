/// @file device_info.cpp
/// @brief The host description, the tables and the hierarchy demo (see device_info.hpp); the
/// GPU queries are in device_cuda.cu.
#include "device_info.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "ladder_backends.hpp"

namespace ch09 {

std::string describe_host() {
    std::string model = "unknown CPU";
    std::ifstream cpu("/proc/cpuinfo");
    for (std::string line; std::getline(cpu, line);)
        if (line.rfind("model name", 0) == 0) {
            model = line.substr(line.find(':') + 2);
            break;
        }
    double mem_gib = 0;
    std::ifstream mem("/proc/meminfo");
    for (std::string line; std::getline(mem, line);)
        if (line.rfind("MemTotal:", 0) == 0) {
            mem_gib = std::stod(line.substr(9)) / (1024.0 * 1024.0);
            break;
        }
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s, %u logical cores, %.0f GiB memory", model.c_str(),
                  std::thread::hardware_concurrency(), mem_gib);
    return buf;
}

std::string device_table(const DeviceInfo& d) {
    std::ostringstream os;
    char line[256];
    auto row = [&](const char* k, const std::string& v) {
        std::snprintf(line, sizeof line, "  %-34s %s\n", k, v.c_str());
        os << line;
    };
    row("GPU", d.name);
    row("compute capability", dl::cat(d.cc_major, ".", d.cc_minor));
    row("streaming multiprocessors (SMs)", dl::cat(d.sms, " x ", d.fp32_lanes_per_sm, " FP32 units"));
    std::snprintf(line, sizeof line, "%.1f GiB, %d-bit bus at %.0f MHz", d.memory_gib,
                  d.bus_width_bits, d.memory_clock_mhz);
    row("device memory (显存)", line);
    std::snprintf(line, sizeof line, "%.0f MHz", d.sm_clock_mhz);
    row("SM clock (peak)", line);
    std::snprintf(line, sizeof line, "%.1f MiB", d.l2_mib);
    row("L2 cache", line);
    std::snprintf(line, sizeof line, "%.0f KiB per block, %.0f KiB per SM", d.smem_per_block_kib,
                  d.smem_per_sm_kib);
    row("shared memory (共享内存)", line);
    row("registers per SM", dl::cat(d.regs_per_sm));
    row("threads", dl::cat("warps of ", d.warp_size, ", up to ", d.max_threads_per_block,
                           " per block, ", d.max_threads_per_sm, " per SM"));
    std::snprintf(line, sizeof line, "%.1f TFLOP/s (SMs x FP32 units x 2 x clock)", d.peak_fp32_tflops);
    row("FP32 peak, computed", line);
    std::snprintf(line, sizeof line, "%.0f GB/s (2 x memory clock x bus width)", d.peak_memory_gbs);
    row("memory bandwidth, computed", line);
    if (!d.sheet_name.empty()) {
        std::snprintf(line, sizeof line, "FP32 %.0f, FP16/BF16 tensor %.0f TFLOP/s (dense), %.0f GB/s",
                      d.sheet_fp32_tflops, d.sheet_tensor16_tflops, d.sheet_memory_gbs);
        row(("datasheet (" + d.sheet_name + ")").c_str(), line);
    }
    return os.str();
}

std::string transfer_table(const TransferRates& t) {
    std::ostringstream os;
    char line[200];
    std::snprintf(line, sizeof line, "  copies of %.0f MB (median)     pageable   pinned\n", t.megabytes);
    os << line;
    std::snprintf(line, sizeof line, "  host -> device (GB/s)        %8.1f %8.1f\n", t.h2d_pageable, t.h2d_pinned);
    os << line;
    std::snprintf(line, sizeof line, "  device -> host (GB/s)        %8.1f %8.1f\n", t.d2h_pageable, t.d2h_pinned);
    os << line;
    std::snprintf(line, sizeof line, "  device -> device (GB/s, read + written) %.0f\n", t.d2d);
    os << line;
    return os.str();
}

dl::Json to_json(const DeviceInfo& d) {
    dl::Json j = dl::Json::object();
    j["name"] = d.name;
    j["compute_capability"] = dl::cat(d.cc_major, ".", d.cc_minor);
    j["sms"] = d.sms;
    j["memory_gib"] = d.memory_gib;
    j["sm_clock_mhz"] = d.sm_clock_mhz;
    j["memory_clock_mhz"] = d.memory_clock_mhz;
    j["peak_fp32_tflops"] = d.peak_fp32_tflops;
    j["peak_memory_gbs"] = d.peak_memory_gbs;
    if (!d.sheet_name.empty()) {
        j["datasheet"] = d.sheet_name;
        j["datasheet_tensor16_tflops"] = d.sheet_tensor16_tflops;
    }
    return j;
}

dl::Json to_json(const TransferRates& t) {
    dl::Json j = dl::Json::object();
    j["megabytes"] = t.megabytes;
    j["h2d_pageable_gbs"] = t.h2d_pageable;
    j["h2d_pinned_gbs"] = t.h2d_pinned;
    j["d2h_pageable_gbs"] = t.d2h_pageable;
    j["d2h_pinned_gbs"] = t.d2h_pinned;
    j["d2d_gbs"] = t.d2d;
    return j;
}

std::string hierarchy_demo(bool gpu, int M, int N, int bx, int by) {
    backend::Hierarchy h;
    h.M = M, h.N = N, h.block_x = bx, h.block_y = by;
    if (gpu)
        backend::gpu_hierarchy(h);
    else
        backend::emulate_hierarchy(h);
    std::ostringstream os;
    os << "  whoami<<<grid (" << h.grid_x << ", " << h.grid_y << "), block (" << bx << ", " << by
       << ")>>> on a " << M << " x " << N << " matrix; thread (x, y) of block (bx, by) owns\n"
       << "  i = bx*" << bx << " + x, j = by*" << by << " + y. Each element shows block.thread:\n";
    for (int i = 0; i < M; ++i) {
        os << "   ";
        for (int j = 0; j < N; ++j) {
            char cell[16];
            std::snprintf(cell, sizeof cell, " %2d.%-2d", h.block[i + j * M], h.thread[i + j * M]);
            os << cell;
        }
        os << "\n";
    }
    return os.str();
}

#ifndef DL_WITH_CUDA
DeviceInfo query_device() { dl::fail("querying the GPU needs a CUDA build"); }
TransferRates measure_transfers(std::size_t, int) { dl::fail("measuring transfers needs a CUDA build"); }
#endif

}  // namespace ch09
