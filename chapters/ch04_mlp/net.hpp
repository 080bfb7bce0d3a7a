/// @file net.hpp
/// @brief Chapter 4's networks: the course's MLP (nn/mlp.hpp) running the chapter's exercises.
///
/// Every Dense layer runs exercises::dense_forward / dense_backward and every ReLU layer
/// exercises::relu_backward: the reference solutions in ch04_mlp, the student's functions in
/// ch04_mlp_mine. The layers adapt the lecture's per-sample convention of those functions to
/// the framework's (nn/dense.hpp), so the numbers are the lecture's.
#pragma once

#include <memory>
#include <vector>

#include "core/rng.hpp"
#include "nn/mlp.hpp"

namespace ch04 {

/// The MLP of `sizes` = {n[0], …, n[L]} with hidden activation g, on the chapter's exercise
/// functions, built for batches up to max_batch. Its weights are drawn by `init` from `rng`
/// (He through the student's exercises::he_init), the biases are 0.
std::unique_ptr<dl::nn::Model> make_net(const std::vector<int64_t>& sizes, dl::Activation g,
                                        dl::nn::Init init, dl::Rng& rng, int64_t max_batch,
                                        dl::Device device = dl::Device::CPU,
                                        dl::DType dtype = dl::DType::F32);

/// The Dense layers' W and b in order (l = 1 … L).
std::vector<dl::nn::Param*> weights(dl::nn::Model& net);
std::vector<dl::nn::Param*> biases(dl::nn::Model& net);

/// "784-256-128-10 relu".
std::string describe(dl::nn::Model& net, dl::Activation g);

}  // namespace ch04
