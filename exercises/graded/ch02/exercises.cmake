# Chapter 2: logistic regression and softmax regression (see cmake/DlGrading.cmake).
dl_graded_exercise(ch02 sigmoid TITLE "The sigmoid, elementwise"
  CHECKS SigmoidKeepsTheShape 1 SigmoidValues 2 SigmoidExtremes 1)
dl_graded_exercise(ch02 logistic_cost TITLE "Cross-entropy cost J from logits"
  CHECKS LogisticCostHandComputed 2 LogisticCostStableAtPlusMinus1000 1
         LogisticCostGradientCheck 1 LogisticCostRejectsMismatchedShapes 1)
dl_graded_exercise(ch02 logistic_gradients TITLE "Gradients dw and db"
  CHECKS LogisticGradientsHandComputed 2 LogisticGradientsMatchTwoSidedDifferences 2
         LogisticGradientsRejectMismatchedShapes 1)
dl_graded_exercise(ch02 softmax TITLE "Stable softmax"
  CHECKS SoftmaxHandComputed 2 SoftmaxExtremeLogits 1)
