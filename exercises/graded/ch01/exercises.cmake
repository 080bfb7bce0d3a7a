# Chapter 1's graded exercises (see cmake/DlGrading.cmake).
dl_graded_exercise(ch01 mp_neuron POINTS 2 TITLE "The M-P neuron y = f(sum w_i x_i - theta)")
dl_graded_exercise(ch01 perceptron_update POINTS 3 TITLE "One step of the perceptron learning rule")
dl_graded_exercise(ch01 perceptron_train_epoch POINTS 3 TITLE "One epoch of the perceptron rule over a data set")
dl_graded_exercise(ch01 xor_two_layer POINTS 2 TITLE "XOR from two layers of M-P neurons")
