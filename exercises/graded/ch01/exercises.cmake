# Chapter 1's graded exercises (see cmake/DlGrading.cmake): each check with its points.
dl_graded_exercise(ch01 mp_neuron TITLE "The M-P neuron y = f(sum w_i x_i - theta)"
  CHECKS MpNeuronLectureAnd 1 MpNeuronLectureNot 1 MpNeuronThreeInputs 1
         MpNeuronThresholdSign 1 MpNeuronRejectsMismatchedSizes 1)
dl_graded_exercise(ch01 perceptron_update TITLE "One step of the perceptron learning rule"
  CHECKS PerceptronUpdateFalsePositive 1 PerceptronUpdateFalseNegative 1
         PerceptronUpdateRightAnswerChangesNothing 1 PerceptronUpdateThreeFeatures 1
         PerceptronUpdateFirstEpochOfAnd 1 PerceptronUpdateRejectsMismatchedSizes 1)
dl_graded_exercise(ch01 perceptron_train_epoch TITLE "One epoch of the perceptron rule over a data set"
  CHECKS TrainEpochAndHandTraced 2 TrainEpochOrConverges 1 TrainEpochVisitsColumnsInOrder 1
         TrainEpochXorAlwaysMakesMistakes 1 TrainEpochRejectsMismatchedSizes 1)
dl_graded_exercise(ch01 xor_two_layer TITLE "XOR from two layers of M-P neurons"
  CHECKS XorTwoLayerTruthTable 2 XorTwoLayerIsSymmetricAndSelfCancelling 1)
