# Chapter 4's graded exercises (see cmake/DlGrading.cmake).
dl_graded_exercise(ch04 dense_forward POINTS 2 TITLE "Dense layer forward Z = W A_prev + b")
dl_graded_exercise(ch04 dense_backward POINTS 3 TITLE "Dense layer backward: dW, db, dA_prev")
dl_graded_exercise(ch04 relu_backward POINTS 1 TITLE "ReLU backward dZ = dA * 1[Z > 0]")
dl_graded_exercise(ch04 he_init POINTS 1 TITLE "He initialisation W ~ N(0, 2/n_prev)")
dl_graded_exercise(ch04 gradient_check POINTS 3 TITLE "Two-sided gradient check and relative error")
