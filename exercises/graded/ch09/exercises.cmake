# Chapter 9's graded exercises (see cmake/DlGrading.cmake). CUDA marks the two kernels (.cu
# files), graded on a GPU only: skipped (exit 77) without one, and without nvcc.
dl_graded_exercise(ch09 float_to_half TITLE "float32 -> float16, round to nearest even"
  CHECKS FloatToHalfHandWorked 1 FloatToHalfRoundsToNearestEven 1 FloatToHalfRange 1
         FloatToHalfEveryValueAndMidpoint 1)
dl_graded_exercise(ch09 update_loss_scale TITLE "Dynamic loss scaling: x0.5 and skip on inf, x2 after 2000 clean steps"
  CHECKS LossScaleBacksOffAndSkips 1 LossScaleGrowsAfterTheInterval 1 LossScaleFollowsTheOptions 1
         LossScaleMatchesTheLibraryOverALongRun 1)
dl_graded_exercise(ch09 matmul_naive TITLE "CUDA: naive matmul kernel, one thread per C(i,j)"
  CHECKS MatmulNaiveOddSizes 2 CUDA)
dl_graded_exercise(ch09 matmul_tiled TITLE "CUDA: matmul with 16x16 shared-memory tiles"
  CHECKS MatmulTiledOddSizes 3 CUDA)
