/// @file bench_main.cpp
/// @brief main() of bench_kernels: Google Benchmark's flags plus `--smoke`.
///
/// `bench_kernels` times every hot CPU kernel at the sizes the chapters use, and this machine's
/// ceilings. `bench_kernels --smoke` registers each benchmark at a tiny size and runs one
/// iteration of each: the CTest smoke pass (label `bench`), which shows the binary and every
/// kernel it calls work, and asserts nothing about time.
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "bench_util.hpp"

int main(int argc, char** argv) {
    bool smoke = false;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0)
            smoke = true;
        else
            args.push_back(argv[i]);
    }
    static char min_time[] = "--benchmark_min_time=0";
    if (smoke) args.push_back(min_time);
    int n = static_cast<int>(args.size());
    args.push_back(nullptr);

    try {
        for (auto& r : dl::bench::registrars()) r(smoke);
    } catch (const std::exception& e) {
        std::cerr << "bench_kernels: " << e.what() << "\n";
        return 1;
    }
    benchmark::Initialize(&n, args.data());
    if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (dl::bench::any_failed()) {
        std::cerr << "bench_kernels: a kernel failed (see the error above)\n";
        return 1;
    }
    return 0;
}
