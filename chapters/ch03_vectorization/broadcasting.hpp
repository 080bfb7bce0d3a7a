/// @file broadcasting.hpp
/// @brief Broadcasting (广播) as numpy defines it, on the lecture's calorie table, and the
/// rank-1 array pitfall.
///
/// The calorie table (calories from carbohydrate, protein and fat in 100 g of apples, beef,
/// eggs and potatoes):
///
///     A = [[56.0,   0.0,  4.4, 68.0],
///          [ 1.2, 104.0, 52.0,  8.0],
///          [ 1.8, 135.0, 99.0,  0.9]]
///
///     cal = A.sum(axis=0)             1 x 4: the total of each food
///     percentage = 100 * A / cal      3 x 4: each column divided by its total
#pragma once

#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace ch03 {

/// The lecture's 3 x 4 calorie table.
dl::Tensor calorie_table();

struct CalorieResult {
    std::vector<double> totals;                ///< A.sum(axis=0), 4 values
    std::vector<std::vector<double>> percent;  ///< 100·A / totals, 3 rows of 4
};

/// Computes the column sums (col_sums kernel) and the percentage table (broadcast kernels) on
/// `device`.
CalorieResult calorie_percentages(dl::Device device);

/// The rank-1 pitfall and how dl::Shape prevents it, as printable text (runs the examples).
std::string rank1_demo();

/// A table of shape pairs with their broadcast result or the error (runs the chapter's
/// exercise broadcast_shape_rule and the kernel's rule side by side).
std::string shape_rule_table();

}  // namespace ch03
