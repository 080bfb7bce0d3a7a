# Chapter 7's graded exercises (see cmake/DlGrading.cmake).
dl_graded_exercise(ch07 rnn_cell_forward POINTS 2 TITLE "RNN cell h_t = tanh(W [h_t-1, x_t] + b)")
dl_graded_exercise(ch07 lstm_cell_forward POINTS 3 TITLE "LSTM cell forward: gates f, i, o, candidate, C_t, h_t")
dl_graded_exercise(ch07 lstm_cell_backward POINTS 4 TITLE "LSTM cell backward, checked against two-sided differences")
dl_graded_exercise(ch07 clip_grad_norm POINTS 1 TITLE "Global-norm gradient clipping")
dl_graded_exercise(ch07 sample_with_temperature POINTS 2 TITLE "Sampling a character with temperature")
