# Chapter 3: vectorization and broadcasting (see cmake/DlGrading.cmake).
dl_graded_exercise(ch03 loop_gradients TITLE "The two-for-loop gradient step"
  CHECKS LoopGradientsHandComputed 2 LoopGradientsMatchVectorizedFormulas 2
         LoopGradientsRejectsMismatchedShapes 1)
dl_graded_exercise(ch03 vectorized_gradients TITLE "The vectorized gradient step"
  CHECKS VectorizedGradientsHandComputed 2 VectorizedGradientsGradientCheck 2
         VectorizedGradientsFiniteAtExtremeLogits 1)
dl_graded_exercise(ch03 broadcast_shape_rule TITLE "numpy's broadcasting rule"
  CHECKS BroadcastShapeRuleCompatible 2 BroadcastShapeRuleIncompatible 1)
