/// @file init.hpp
/// @brief Weight initialisation (参数初始化): zeros, small random, Xavier and He.
///
/// W[l] is n[l] x n[l−1]; every scheme draws its numbers on the CPU from dl::Rng, so a run on
/// the GPU starts from exactly the weights of the same run on the CPU. Biases start at 0.
///
/// | scheme | W[l]                                 | lecture                                    |
/// |--------|--------------------------------------|--------------------------------------------|
/// | Zeros  | 0                                    | every hidden unit computes the same thing  |
/// | Small  | N(0, 1) · 0.01                       | breaks symmetry; fine for shallow nets     |
/// | Xavier | N(0, 1) · √(1 / n[l−1])              | Var(W) = 1/n: keeps tanh layers' scale     |
/// | He     | N(0, 1) · √(2 / n[l−1])              | Var(W) = 2/n: ReLU zeroes half the inputs  |
#pragma once

#include <string>

#include "../core/rng.hpp"
#include "../core/tensor.hpp"

namespace dl::nn {

enum class Init { Zeros, Small, Xavier, He };

/// "zeros", "small", "xavier", "he".
const char* init_name(Init i);
/// Parses the names above; throws dl::UsageError naming the value.
Init parse_init(const std::string& name);

/// The standard deviation of W's entries under `init` for fan-in n_prev.
double init_stddev(Init init, int64_t n_prev);

/// Fills W (n x n_prev, any device) according to `init`; n_prev is W.cols().
//! [init_weights]
void init_weights(Tensor& W, Init init, Rng& rng);
//! [init_weights]

}  // namespace dl::nn
