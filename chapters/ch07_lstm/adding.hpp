/// @file adding.hpp
/// @brief Chapter 7, many-to-one (多对一): the adding problem, where the LSTM remembers and the
/// plain RNN cannot.
///
/// The adding problem (Hochreiter & Schmidhuber 1997, experiment 4; the variant of later papers):
/// each sequence has T steps of two numbers,
///
///     row 0:  a value v_t ~ U[0, 1] at every step
///     row 1:  a marker, 1 at exactly two steps — one in the first half, one in the second —
///             and 0 elsewhere
///
/// and the target, read after the last step, is the sum of the two marked values. The network
/// must keep the first marked value for up to T steps while ignoring every value in between.
/// Predicting the mean, 1, without looking gives the mean squared error Var(v_a + v_b) =
/// 2·(1/12) = 1/6 ≈ 0.167: the baseline a network that learned nothing reaches.
///
/// The model: a recurrent layer of H units that keeps its last state (Returns::Last: the
/// T·B input columns become B) and a Dense layer to one number, trained on the mean squared
/// error with Adam and global-norm clipping, on fresh sequences at every step; the test set is
/// 1,000 sequences drawn once from another seed.
#pragma once

#include <memory>
#include <vector>

#include "core/rng.hpp"
#include "nn/model.hpp"
#include "seq_train.hpp"

namespace ch07 {

enum class Cell { RNN, LSTM };
const char* cell_name(Cell c);

/// The trivial baseline: the MSE of always predicting 1 (Var of the sum of two U[0, 1]).
constexpr double kAddingBaseline = 1.0 / 6.0;

/// B fresh sequences of T steps into X (2 x T·B, time-major: column t·B + b) and Y (1 x B),
/// both already shaped, on any device (drawn on the host, copied once).
void make_adding_batch(int64_t T, int64_t B, dl::Rng& rng, dl::Tensor& X, dl::Tensor& Y);

/// The adding model: recurrent layer (H, T, last step) → Dense(1), for batches of up to B.
std::unique_ptr<dl::nn::Model> make_adding_model(Cell cell, int64_t H, int64_t T, int64_t B,
                                                 const dl::nn::Context& ctx);

struct AddingOptions {
    int64_t T = 100;          ///< steps per sequence
    int64_t hidden = 64;      ///< H
    int steps = 2000;         ///< training steps (mini-batches)
    int64_t batch = 64;       ///< sequences per step
    double lr = 5e-3;         ///< Adam's α
    double clip = 1.0;        ///< global gradient-norm limit
    int64_t test_size = 1000; ///< test sequences
    int curve_points = 20;    ///< test MSE measured this many times during training
    uint64_t seed = 1;
    dl::Device device = dl::Device::CPU;
    bool progress = false;
};

struct AddingRun {
    Cell cell = Cell::LSTM;
    int64_t T = 0;
    std::vector<double> curve_steps, curve_mse;  ///< test MSE during training
    double test_mse = 0;      ///< at the end
    double seconds = 0;       ///< training wall time
    int steps = 0;
    /// ‖∂L/∂h_t‖ (t = 0 … T − 1) on a test batch at initialisation and after training.
    std::vector<double> norms_init, norms_trained;
};

/// Trains one cell on the adding problem with the options; returns the curve and the norms.
AddingRun train_adding(Cell cell, const AddingOptions& o);

/// The test MSE of a model on `n` sequences drawn from `seed` (batches of the model's size).
double adding_test_mse(dl::nn::Model& model, int64_t T, int64_t batch, int64_t n, uint64_t seed);

/// ‖∂L/∂h_t‖ for t = 0 … T − 1 of the model's recurrent layer, for the MSE on one batch.
std::vector<double> adding_gradient_norms(dl::nn::Model& model, const dl::Tensor& X,
                                          const dl::Tensor& Y);

}  // namespace ch07
