# Chapter 5's graded exercises (see cmake/DlGrading.cmake).
dl_graded_exercise(ch05 dropout_forward TITLE "Inverted dropout forward: D = (U < p), A ⊙ D / p"
  CHECKS DropoutForwardHeaderExample 1 DropoutForwardKeepsAShareAndTheMean 1
         DropoutForwardRejectsBadInput 1)
dl_graded_exercise(ch05 dropout_backward TITLE "Inverted dropout backward: dA ⊙ D / p"
  CHECKS DropoutBackwardHeaderExample 1 DropoutBackwardMatchesTwoSidedDifferences 1)
dl_graded_exercise(ch05 l2_regularization TITLE "L2 term of the cost and of the gradient"
  CHECKS L2CostHeaderExample 1 L2GradientHeaderExampleAddsToDW 1
         L2GradientIsTheDerivativeOfTheCostTerm 1)
dl_graded_exercise(ch05 ewma TITLE "Exponentially weighted average with bias correction"
  CHECKS EwmaHeaderExample 1 EwmaBiasCorrectionRecoversAConstant 1 EwmaLecturesBetasByHand 1)
dl_graded_exercise(ch05 momentum TITLE "Gradient descent with momentum"
  CHECKS MomentumHeaderExampleAndThreeSteps 1 MomentumReachesTheMinimumOfAQuadratic 1)
dl_graded_exercise(ch05 adam TITLE "Adam with bias correction"
  CHECKS AdamHeaderExample 1 AdamFirstStepIsAlphaForAnyGradientSize 1)
dl_graded_exercise(ch05 batchnorm_forward TITLE "Batch normalization forward (training mode)"
  CHECKS BatchNormForwardHeaderExample 1 BatchNormForwardNormalisesEveryRow 1)
dl_graded_exercise(ch05 batchnorm_backward TITLE "Batch normalization backward, gradient-checked"
  CHECKS BatchNormBackwardHeaderExample 1 BatchNormBackwardMatchesTwoSidedDifferences 2)
dl_graded_exercise(ch05 lr_decay TITLE "Learning-rate decay a0 / (1 + decay_rate * epoch_num)"
  CHECKS LearningRateDecayLecturesExample 1)
