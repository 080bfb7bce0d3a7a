/// @file float_mode.cpp
/// @brief Sets flush-to-zero and denormals-are-zero once, before main() (see float_mode.hpp).
#include "float_mode.hpp"

#include <cstdlib>
#include <cstring>

#if defined(__SSE__) || defined(__x86_64__)
#include <pmmintrin.h>  // _MM_SET_DENORMALS_ZERO_MODE (SSE3)
#include <xmmintrin.h>  // _MM_SET_FLUSH_ZERO_MODE (SSE)
#define DL_FLOAT_MODE_X86 1
#elif defined(__aarch64__)
#include <cstdint>
#define DL_FLOAT_MODE_ARM64 1
#endif

namespace dl {

namespace {
/// FTZ and DAZ on this thread only.
void set_this_thread() {
#if DL_FLOAT_MODE_X86
    _MM_SET_FLUSH_ZERO_MODE(_MM_FLUSH_ZERO_ON);          // MXCSR bit 15
    _MM_SET_DENORMALS_ZERO_MODE(_MM_DENORMALS_ZERO_ON);  // MXCSR bit 6
#elif DL_FLOAT_MODE_ARM64
    // ARMv8 has one bit for both: FPCR.FZ (bit 24) flushes subnormal inputs and results.
    uint64_t fpcr;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
    __asm__ __volatile__("msr fpcr, %0" : : "r"(fpcr | (uint64_t{1} << 24)));
#endif
}
}  // namespace

bool flush_denormals_enabled() {
#if DL_FLOAT_MODE_X86
    return _MM_GET_FLUSH_ZERO_MODE() == _MM_FLUSH_ZERO_ON &&
           _MM_GET_DENORMALS_ZERO_MODE() == _MM_DENORMALS_ZERO_ON;
#elif DL_FLOAT_MODE_ARM64
    uint64_t fpcr;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
    return (fpcr >> 24) & 1;
#else
    return false;
#endif
}

bool flush_denormals() {
    set_this_thread();
    // Threads that already exist do not inherit a change: set it in each one of the team.
#pragma omp parallel
    set_this_thread();
    return flush_denormals_enabled();
}

}  // namespace dl

namespace {
// Before main(): the main thread first; OpenMP creates its workers later, from the main thread,
// so they inherit the mode. (No parallel region here: a program that prints --help should not
// start threads.) DL_KEEP_DENORMALS=1 in the environment leaves the CPU's default, to see what
// subnormals cost (the benchmarks run chapter 4 both ways).
[[maybe_unused]] const bool dl_flushed_at_start = [] {
    const char* keep = std::getenv("DL_KEEP_DENORMALS");
    if (keep != nullptr && *keep != '\0' && std::strcmp(keep, "0") != 0) return false;
    dl::set_this_thread();
    return true;
}();
}  // namespace

/// The library is a static archive: the linker only takes the object files a program refers
/// to. common/CMakeLists.txt asks for this symbol in every program that links dl_common, so this
/// file, and with it the start-up code above, is always linked in.
extern "C" {
extern const int dl_float_mode_anchor;
const int dl_float_mode_anchor = 1;
}
