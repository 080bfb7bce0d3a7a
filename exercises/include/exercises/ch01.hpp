/// @file ch01.hpp
/// @brief Chapter 1 exercises: the M-P neuron, the perceptron learning rule, and XOR in two
/// layers.
///
/// Each function is written twice: your version in exercises/ch01/<name>.cpp (a stub until you
/// fill it in) and the reference in solutions/ch01/<name>.cpp. The chapter program
/// ch01_perceptron links the reference where solutions/ch01 has it (in a copy without it, your
/// files); ch01_perceptron_mine always links yours. Each says which at start-up
/// ("Exercises: ..."). The graded tests in exercises/graded/ch01/ check yours against
/// hand-computed values: `./course grade 1`, or `./course grade ch01.<name>` for one exercise.
///
/// Each comment below gives the idea: the formula, the shapes, the functions to build on. When
/// you are stuck, `./course hint ch01.<name>` prints the steps.
///
/// Conventions of the chapter (as in the lecture):
/// - An input is a column x of n features; a data set is a matrix X of n rows and m columns
///   (one column per sample), and its labels are a row Y of m values, each 0 or 1.
/// - The neuron fires when its weighted input reaches the threshold θ (阈值):
///   y = step(Σᵢ wᵢxᵢ − θ), with step(z) = 1 if z ≥ 0 else 0 (dl::math::step).
#pragma once

#include <Eigen/Dense>

#include "core/eigen_view.hpp"

namespace dl::exercises {

/// The parameters of one perceptron (感知机): weights w (n values) and threshold θ.
struct Perceptron {
    Eigen::VectorXf w;  ///< n x 1 weights, one per input
    float theta = 0.0f; ///< θ: the neuron fires when w·x reaches it
};

/// Exercise ch01.mp_neuron — the M-P neuron (M-P 神经元) of McCulloch and Pitts:
///
///     y = f(Σᵢ wᵢ xᵢ − θ),   f = step: f(z) = 1 if z ≥ 0, else 0
///
/// Shapes: w and x are n x 1 (throw dl::Error, e.g. with DL_CHECK, when their sizes differ).
/// Returns 0.0f or 1.0f.
///
/// Example (the lecture's AND neuron): w = (1, 1), θ = 2 gives y = 1 only for x = (1, 1),
/// because 1 + 1 − 2 = 0 ≥ 0 while 1 + 0 − 2 = −1 < 0.
///
/// Hints: `w.dot(x)` is Σᵢ wᵢxᵢ; `dl::math::step(z)` (kernels/scalar_math.hpp) is f.
float mp_neuron(const Eigen::VectorXf& w, float theta, const Eigen::VectorXf& x);

/// Exercise ch01.perceptron_update — one step of the perceptron learning rule (感知机学习规则)
/// on one sample (x, y):
///
///     ŷ = step(w·x − θ)               the neuron's current answer
///     w ← w + η (y − ŷ) x             move w towards x when the neuron said 0 but should say 1
///     θ ← θ − η (y − ŷ)               θ is a weight on a fixed input −1, so it moves the other way
///
/// When ŷ = y nothing changes. Shapes: p.w and x are n x 1 (throw dl::Error when they differ).
/// Returns true when the sample was a mistake (ŷ ≠ y), i.e. when p was updated.
///
/// Example: w = (0, 0), θ = 0, x = (1, 1), y = 0, η = 1: ŷ = step(0) = 1, a mistake;
/// afterwards w = (−1, −1), θ = 1.
///
/// Hint: mp_neuron() computes ŷ.
bool perceptron_update(Perceptron& p, const Eigen::VectorXf& x, float y, float eta);

/// Exercise ch01.perceptron_train_epoch — one pass (epoch) of the rule over a data set: for
/// j = 0, 1, …, m−1 in this order, apply perceptron_update() to column j of X and label Y(j).
///
/// Shapes: X is n x m (one sample per column), Y is 1 x m. Throw dl::Error when the number of
/// columns of X and of Y differ.
/// Returns the number of mistakes made during the pass. Zero mistakes means the perceptron now
/// classifies every sample correctly: the rule has converged (收敛).
int perceptron_train_epoch(Perceptron& p, const Matrix& X, const Eigen::RowVectorXf& Y,
                           float eta);

/// Exercise ch01.xor_two_layer — exclusive or (异或) from two layers of M-P neurons:
///
///     h₁ = NAND(x₁, x₂),  h₂ = OR(x₁, x₂)     the hidden layer
///     y  = AND(h₁, h₂)                          the output neuron
///
/// Choose the weights and thresholds of the three neurons yourself (the lecture's AND is
/// w = (1, 1), θ = 2) and compute each with mp_neuron(). Inputs and output are 0 or 1.
///
/// Check: (0,0) → 0, (0,1) → 1, (1,0) → 1, (1,1) → 0.
float xor_two_layer(float x1, float x2);

}  // namespace dl::exercises
