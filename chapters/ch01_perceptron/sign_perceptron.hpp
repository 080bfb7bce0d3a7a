/// @file sign_perceptron.hpp
/// @brief The perceptron as lecture 000 writes it: labels t ∈ {−1, +1} and the sign function.
///
///     ŷ = sign(w·x − θ)      (sign(z) = +1 for z ≥ 0, −1 otherwise: the Sign kernel)
///     on a mistake (ŷ ≠ t):  w ← w + η·t·x,   θ ← θ − η·t
///
/// This is the course's {0, 1} perceptron in other clothes. With t = 2y − 1 the two outputs
/// agree (sign(z) = 2·step(z) − 1, both fire at z = 0), so they make the same mistakes, and on a
/// mistake t = y − ŷ: the update is the same. From w = 0, θ = 0 both learn the same w and θ.
/// ±1 labels suit the margin view (t·(w·x − θ) > 0 for every sample when all are right), {0, 1}
/// labels the probabilistic view of chapter 2; the program trains both and compares them.
#pragma once

#include "core/device.hpp"
#include "core/eigen_view.hpp"
#include "learning.hpp"

namespace ch01 {

/// {0, 1} labels to ±1: t = 2y − 1.
Eigen::RowVectorXf to_pm1(const Eigen::RowVectorXf& Y);

/// Trains the sign perceptron from w = 0, θ = 0 on (X, T), T in {−1, +1}, until an epoch makes
/// no mistake or max_epochs have run. The accuracy is measured with the Sign kernel on `device`.
TrainResult train_sign_perceptron(const dl::Matrix& X, const Eigen::RowVectorXf& T, float eta,
                                  int max_epochs, dl::Device device);

}  // namespace ch01
