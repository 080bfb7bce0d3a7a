/// @file float_mode.hpp
/// @brief Subnormal floats (非规格化数) flushed to zero on every CPU thread the kernels run on.
///
/// A float32 has an 8-bit exponent: the smallest *normal* number is 2^{−126} ≈ 1.18e−38.
/// Below it, IEEE 754 keeps "gradual underflow": subnormal numbers 0.f·2^{−126} down to
/// 2^{−149} ≈ 1.4e−45, with fewer and fewer significant bits. x86 CPUs compute with them in
/// microcode, about a hundred times slower than with normal numbers. Training makes plenty of
/// them: Adam's second moments S ← β₂S + (1 − β₂)dW² and small gradients decay towards zero
/// and cross 1e−38 after a few epochs, and every kernel that touches them slows down.
///
/// The SSE/AVX unit has two mode bits (in the MXCSR register, one per thread):
///
/// | bit | name                     | effect                                                  |
/// |-----|--------------------------|---------------------------------------------------------|
/// | 15  | FTZ, flush to zero       | a result that would be subnormal is written as ±0       |
/// | 6   | DAZ, denormals are zero  | a subnormal input is read as ±0                          |
///
/// The course's library sets both when a program starts (before main(), from float_mode.cpp),
/// on the main thread; every thread created later — OpenMP's workers, and with them Eigen's,
/// which are OpenMP's — inherits the mode from the thread that creates it (POSIX: "the
/// floating-point environment shall be inherited from the calling thread"). To see the cost of
/// subnormals, run a program with DL_KEEP_DENORMALS=1 in its environment: the mode is then left
/// as the CPU starts (`DL_KEEP_DENORMALS=1 ./course run 4 -- --data fashion --epochs 4`).
///
/// What changes numerically: nothing between 1.18e−38 and 3.4e38. A value that would land
/// below 1.18e−38 becomes 0 (a relative error of 100 % on a number 10^{31} times smaller than
/// the weights it updates), and x − y == 0 no longer implies x == y for two tiny x ≠ y. The
/// GPU keeps subnormals in its default mode (nvcc without -ftz=true), so a CPU-vs-CUDA parity
/// test never feeds subnormal inputs. Double precision is flushed below 2.2e−308 likewise.
///
/// Test: tests/core/test_float_mode.cpp (the bits on every OpenMP worker, a GEMM on subnormals).
#pragma once

namespace dl {

/// True when the calling thread flushes subnormal results (FTZ) and reads subnormal inputs as
/// zero (DAZ). False on a CPU where the course does not know the mode register.
bool flush_denormals_enabled();

/// Sets FTZ and DAZ on the calling thread and on every thread of OpenMP's current team (which
/// Eigen shares). The library calls it once at start-up; a program never has to. Returns
/// flush_denormals_enabled() of the calling thread.
bool flush_denormals();

}  // namespace dl
