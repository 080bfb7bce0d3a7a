/// @file bench_util.hpp
/// @brief Helpers shared by the CPU kernel benchmarks: random inputs, throughput counters and
/// a registry that gives each benchmark a chapter-sized and a smoke-sized form.
///
/// Every benchmark reports what limits it: a product reports floating-point operations per
/// second (counter `FLOPS`), an elementwise kernel or a reduction reports the bytes it must
/// move per second (`bytes_per_second`). run_benchmarks.py divides them by this machine's
/// ceilings, measured in the same run (bench_ceiling.cpp).
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "core/tensor.hpp"

namespace dl::bench {

/// A CPU float32 tensor of U[-3, 3) values (seeded, so every run times the same numbers),
/// written in place: large inputs cost no temporary copies.
inline Tensor randu(const Shape& s, uint64_t seed = 1) {
    Rng rng(seed);
    Tensor t(s);
    float* p = t.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(rng.uniform(-3.0, 3.0));
    return t;
}

/// Reports `flops` floating-point operations per iteration as the counter FLOPS (per second).
inline void count_flops(benchmark::State& st, double flops) {
    st.counters["FLOPS"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate,
                                              benchmark::Counter::kIs1000);
}

/// Reports `bytes` moved to or from memory per iteration (bytes_per_second in the output).
inline void count_bytes(benchmark::State& st, double bytes) {
    st.SetBytesProcessed(static_cast<int64_t>(bytes) * static_cast<int64_t>(st.iterations()));
}

/// One benchmark to register: its name and its body. `smoke` asks for the tiny form that CTest
/// runs (one iteration, to show the binary works; never timed).
using Body = std::function<void(benchmark::State&)>;
using Registrar = std::function<void(bool smoke)>;

/// The registrars of every benchmark file; main() calls them once the flags are parsed.
inline std::vector<Registrar>& registrars() {
    static std::vector<Registrar> r;
    return r;
}

/// Set when a benchmark's kernel threw: main() then exits 1, so the smoke pass fails.
inline bool& any_failed() {
    static bool failed = false;
    return failed;
}

/// Registers a benchmark (name, label shown in the report, body). A dl::Error thrown by a
/// kernel is reported as that benchmark's error, not a crash.
inline void add(const std::string& name, const std::string& label, Body body) {
    benchmark::RegisterBenchmark(name.c_str(), [label, body](benchmark::State& st) {
        st.SetLabel(label);
        try {
            body(st);
        } catch (const std::exception& e) {
            any_failed() = true;
            st.SkipWithError(e.what());
        }
    })->Unit(benchmark::kMicrosecond);
}

/// Adds a registrar at static-initialisation time: `static bool x = dl::bench::on_register(f);`.
inline bool on_register(Registrar r) {
    registrars().push_back(std::move(r));
    return true;
}

/// One matrix size of a benchmark: its tag in the benchmark's name, rows, columns.
struct MatrixCase {
    const char* tag;
    int64_t r, c;
};

/// The sizes a benchmark runs: `full` normally, one tiny 7 x 5 case for the smoke pass.
inline std::vector<MatrixCase> matrix_cases(bool smoke, std::vector<MatrixCase> full) {
    return smoke ? std::vector<MatrixCase>{{"7x5", 7, 5}} : full;
}

}  // namespace dl::bench
