# Chapter 3: vectorization and broadcasting.
dl_graded_exercise(ch03 loop_gradients POINTS 3 TITLE "The two-for-loop gradient step")
dl_graded_exercise(ch03 vectorized_gradients POINTS 3 TITLE "The vectorized gradient step")
dl_graded_exercise(ch03 broadcast_shape_rule POINTS 2 TITLE "numpy's broadcasting rule")
