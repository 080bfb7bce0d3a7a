# Chapter 6's graded exercises (see cmake/DlGrading.cmake).
dl_graded_exercise(ch06 output_size POINTS 1 TITLE "Output size (n + 2p - f)/s + 1, rounded down")
dl_graded_exercise(ch06 zero_pad POINTS 1 TITLE "Zero padding")
dl_graded_exercise(ch06 conv2d_single POINTS 3 TITLE "Single-channel convolution forward, as loops")
dl_graded_exercise(ch06 max_pool POINTS 3 TITLE "Max pooling forward and backward")
dl_graded_exercise(ch06 conv_weight_gradient POINTS 3 TITLE "The convolution's weight gradient dK")
dl_graded_exercise(ch06 residual_block_forward POINTS 2 TITLE "Residual block A2 = ReLU(Z2 + A)")
