# Chapter 7's graded exercises (see cmake/DlGrading.cmake).
dl_graded_exercise(ch07 rnn_cell_forward TITLE "RNN cell h_t = tanh(W [h_t-1, x_t] + b)"
  CHECKS RnnCellHandComputed 1 RnnCellStacksHOnTopOfX 1 RnnCellBatchMatchesTheFormula 1)
dl_graded_exercise(ch07 lstm_cell_forward TITLE "LSTM cell forward: gates f, i, o, candidate, C_t, h_t"
  CHECKS LstmCellHandComputed 1 LstmCellBatchMatchesTheEquations 1 LstmCellLargeInputsStayFinite 1)
dl_graded_exercise(ch07 lstm_cell_backward TITLE "LSTM cell backward, checked against two-sided differences"
  CHECKS LstmBackwardWeightsMatchDifferences 1 LstmBackwardBiasesMatchDifferences 1
         LstmBackwardStateAndInputMatchDifferences 1 LstmBackwardCellPathOnly 1)
dl_graded_exercise(ch07 clip_grad_norm TITLE "Global-norm gradient clipping"
  CHECKS ClipThreeFourFive 1 ClipLeavesSmallGradientsAlone 1 ClipIsGlobalNotPerMatrix 1
         ClipRefusesABadLimit 1)
dl_graded_exercise(ch07 sample_with_temperature TITLE "Sampling a character with temperature"
  CHECKS SampleHeaderExample 1 SampleFollowsTheInverseCdfDrawByDraw 1
         SampleFrequenciesMatchSoftmax 1 SampleLowTemperatureAndLargeLogits 1
         SampleRefusesBadInput 1)
