# Chapter 9's graded exercises (see cmake/DlGrading.cmake). CUDA marks the two kernels, graded
# on a GPU only (skipped, exit 77, without one; not built without nvcc).
dl_graded_exercise(ch09 float_to_half POINTS 3 TITLE "float32 -> float16, round to nearest even")
dl_graded_exercise(ch09 update_loss_scale POINTS 2 TITLE "Dynamic loss scaling: x0.5 and skip on inf, x2 after 2000 clean steps")
dl_graded_exercise(ch09 matmul_naive POINTS 2 TITLE "CUDA: naive matmul kernel, one thread per C(i,j)" CUDA)
dl_graded_exercise(ch09 matmul_tiled POINTS 3 TITLE "CUDA: matmul with 16x16 shared-memory tiles" CUDA)
