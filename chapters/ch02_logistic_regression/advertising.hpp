/// @file advertising.hpp
/// @brief The lecture's one-variable example: from advertising spend x, did the customer buy?
///
/// Generated data: x uniform in [0, 10] (thousands spent on a customer's advertising), and the
/// customer bought (y = 1) with probability σ(1.5·(x − 5)). Logistic regression with one weight
/// recovers the S-shaped curve; the decision point is where w·x + b = 0, i.e. x = −b/w.
#pragma once

#include <string>

#include "logistic.hpp"

namespace ch02 {

struct AdvertisingResult {
    LogisticModel model;
    double accuracy = 0;
    int m = 0;
};

/// Generates m customers with `seed`, fits by gradient descent, and plots the points and the
/// fitted sigmoid to `svg_path`.
AdvertisingResult advertising_example(int m, uint64_t seed, double lr, int iterations,
                                      const std::string& svg_path);

}  // namespace ch02
