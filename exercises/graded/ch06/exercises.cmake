# Chapter 6's graded exercises (see cmake/DlGrading.cmake).
dl_graded_exercise(ch06 output_size TITLE "Output size (n + 2p - f)/s + 1, rounded down"
  CHECKS OutputSizeOfTheChaptersCases 1 OutputSizeRoundsDown 1 OutputSizeRefusesWhatCannotBe 1)
dl_graded_exercise(ch06 zero_pad TITLE "Zero padding"
  CHECKS ZeroPadHeaderExample 1 ZeroPadRectangular 1 ZeroPadRefusesNegativePadding 1)
dl_graded_exercise(ch06 conv2d_single TITLE "Single-channel convolution forward, as loops"
  CHECKS Conv2dSingleVerticalEdge 1 Conv2dSingleStrideAndPadding 1
         Conv2dSingleMatchesTheCourseKernel 1)
dl_graded_exercise(ch06 max_pool TITLE "Max pooling forward and backward"
  CHECKS MaxPoolTheLecturesExample 1 MaxPoolBackwardTheLecturesExample 1
         MaxPoolOverlappingWindows 1 MaxPoolRectangularWithLeftovers 1)
dl_graded_exercise(ch06 conv_weight_gradient TITLE "The convolution's weight gradient dK"
  CHECKS ConvWeightGradientHeaderExample 1 ConvWeightGradientMatchesTheCourseKernel 1
         ConvWeightGradientIsTheDerivative 1)
dl_graded_exercise(ch06 residual_block_forward TITLE "Residual block A2 = ReLU(Z2 + A)"
  CHECKS ResidualBlockHeaderExample 1 ResidualBlockWithZeroSecondLayerIsTheIdentity 1
         ResidualBlockRandomBatch 1)
