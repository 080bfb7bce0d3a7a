# Chapter 4's graded exercises (see cmake/DlGrading.cmake).
dl_graded_exercise(ch04 dense_forward TITLE "Dense layer forward Z = W A_prev + b"
  CHECKS DenseForwardHeaderExample 1 DenseForwardThreeUnitsFourSamples 1
         DenseForwardMatchesLoopInDouble 1)
dl_graded_exercise(ch04 dense_backward TITLE "Dense layer backward: dW, db, dA_prev"
  CHECKS DenseBackwardHeaderExample 2 DenseBackwardFirstLayerHasNoDAPrev 1
         DenseBackwardMatchesTwoSidedDifferences 2)
dl_graded_exercise(ch04 relu_backward TITLE "ReLU backward dZ = dA * 1[Z > 0]"
  CHECKS ReluBackwardHandComputed 1 ReluBackwardInPlace 1 ReluBackwardRandomBatch 1)
dl_graded_exercise(ch04 he_init TITLE "He initialisation W ~ N(0, 2/n_prev)"
  CHECKS HeInitSpreadUsesFanIn 1 HeInitIsTwiceXaviersVariance 1 HeInitDrawsFromTheGenerator 1)
dl_graded_exercise(ch04 gradient_check TITLE "Two-sided gradient check and relative error"
  CHECKS NumericalGradientIsTwoSided 1 NumericalGradientOfASmoothFunction 1
         NumericalGradientRestoresEachComponent 1 RelativeErrorHandComputed 1
         RelativeErrorRejectsLengthMismatch 1)
