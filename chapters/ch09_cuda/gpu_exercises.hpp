/// @file gpu_exercises.hpp
/// @brief The chapter's GPU section for the student's kernels (exercises ch09.matmul_naive and
/// ch09.matmul_tiled): each checked against cuBLAS, then timed (CUDA builds only).
#pragma once

namespace ch09 {

/// Runs both exercise kernels at 1024³ on the GPU; prints what they reached (or that they are
/// not implemented yet).
void run_gpu_exercises(bool json);

}  // namespace ch09
