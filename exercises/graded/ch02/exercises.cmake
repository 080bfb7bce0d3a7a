# Chapter 2: logistic regression and softmax regression.
dl_graded_exercise(ch02 sigmoid POINTS 2 TITLE "Stable sigmoid")
dl_graded_exercise(ch02 logistic_cost POINTS 3 TITLE "Cross-entropy cost J from logits")
dl_graded_exercise(ch02 logistic_gradients POINTS 3 TITLE "Gradients dw and db")
dl_graded_exercise(ch02 softmax POINTS 2 TITLE "Stable softmax")
