# Chapter 8's graded exercises (see cmake/DlGrading.cmake).
dl_graded_exercise(ch08 discriminator_loss POINTS 3 TITLE "Discriminator loss J_D and its gradients")
dl_graded_exercise(ch08 generator_loss POINTS 3 TITLE "Minimax and non-saturating generator losses")
dl_graded_exercise(ch08 sample_ring POINTS 2 TITLE "Sampling the ring of Gaussians")
dl_graded_exercise(ch08 ring_quality POINTS 2 TITLE "Modes covered and high-quality samples")
dl_graded_exercise(ch08 conv_transpose_output_size POINTS 1 TITLE "Transposed-convolution output size")
