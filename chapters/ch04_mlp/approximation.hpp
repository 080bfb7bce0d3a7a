/// @file approximation.hpp
/// @brief Section 4: universal approximation (万能近似) by sums of steep sigmoid "steps".
///
/// A hidden unit σ(k·(x − t)) with a large k is almost a step from 0 to 1 at x = t. A hidden
/// layer of N such units, with output weights equal to the function's jumps, draws a staircase:
///
///     f̂(x) = f(x₀) + Σ_{i=1…N} (f(xᵢ) − f(xᵢ₋₁)) · σ(k·(x − tᵢ)),   xᵢ = i/N, tᵢ = (xᵢ₋₁ + xᵢ)/2
///
/// This is a network with one hidden layer: W[1] = k (N x 1), b[1] = −k·t, W[2] = the jumps
/// (1 x N), b[2] = f(x₀). More units, finer stairs: the error shrinks like 1/N for a smooth f.
#pragma once

#include <string>
#include <vector>

#include "io/json.hpp"

namespace ch04 {

struct ApproxResult {
    int neurons;  ///< N sigmoid steps; −N for N ReLU units (the broken line)
    double max_error;
};

/// Builds the staircase networks for 2, 5, 20, 100 units, plots them against f, prints the
/// maximum errors; then the ReLU networks for 5, 20, 100 units (broken lines through f).
std::vector<ApproxResult> run_approximation(const std::string& out);

dl::Json to_json(const std::vector<ApproxResult>& r);

}  // namespace ch04
