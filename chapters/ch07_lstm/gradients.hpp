/// @file gradients.hpp
/// @brief Chapter 7: vanishing and exploding gradients through time, and global-norm clipping.
///
/// Backpropagation through time multiplies the gradient by one Jacobian per step. For the plain
/// RNN that is W_hᵀ·diag(1 − h_t²): k steps back the gradient has been multiplied by k of them,
/// and its norm shrinks (vanishes, 梯度消失) or grows (explodes, 梯度爆炸) geometrically with
/// k. The LSTM's cell path multiplies by the forget gate alone.
///
/// Measured here, with the recurrent layers' record_gradient_norms():
/// - ‖∂L/∂h_t‖ against the distance T − 1 − t to the loss, for the RNN and the LSTM, at
///   initialisation and after training on the adding problem (the same batch, the same loss);
/// - the same for a plain RNN whose W_h is scaled up (gain), where the norms grow instead;
/// - gradient descent on that RNN with and without clipping the global norm (梯度裁剪) at 1.
#pragma once

#include <string>
#include <vector>

#include "adding.hpp"

namespace ch07 {

/// ‖∂L/∂h_t‖ (t = 0 … T − 1) of a fresh RNN of H units whose W_h is multiplied by `gain`, on
/// one adding-problem batch of B sequences.
std::vector<double> rnn_norms_with_gain(int64_t T, int64_t H, int64_t B, double gain,
                                        uint64_t seed);

/// Gradient descent (SGD) on the adding problem with an RNN whose W_h starts `gain` times its
/// usual size, once without clipping and once clipping the global norm at `clip`.
struct ClipDemo {
    int64_t T = 0;
    double gain = 0, lr = 0, clip = 0;
    std::vector<double> loss_plain, loss_clipped;  ///< training MSE per step (NaN after divergence)
    std::vector<double> norm_plain, norm_clipped;  ///< ‖g‖ per step, before clipping
    int diverged_at = 0;      ///< the step where the unclipped run's loss stopped being finite (0: never)
    double max_norm_plain = 0;
    double final_plain = 0, final_clipped = 0;  ///< mean training MSE of the last 10 % of steps
};
ClipDemo clipping_demo(int64_t T, int64_t H, int steps, double gain, double lr, double clip,
                       uint64_t seed);

/// The figures: gradient_norms.svg (normalised norms against distance, log scale) and
/// clipping.svg (the two runs' losses and norms).
void save_gradient_figure(const std::string& out, const AddingRun& rnn, const AddingRun& lstm,
                          const std::vector<double>& exploding, double gain);
void save_clipping_figure(const std::string& out, const ClipDemo& d);

}  // namespace ch07
