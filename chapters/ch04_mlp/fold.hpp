/// @file fold.hpp
/// @brief Section 4b: how ReLU units build a decision boundary, by folding the plane (超折面).
///
/// One ReLU unit a = max(0, w0·x0 + w1·x1 + b) over the plane is a sheet folded along the line
/// w0·x0 + w1·x1 + b = 0: flat (a = 0) on one side, the tilted plane z = w·x + b on the other.
/// The normals of the two halves are (0, 0, 1) and (−w0, −w1, 1), so the sheet bends by
/// arccos(1/√(w0² + w1² + 1)) and the angle inside the fold is
///
///     θ = π − arccos(1 / √(w0² + w1² + 1)),      θ ∈ (90°, 180°]
///
/// (180° for w = 0: no fold). The lecture's unit W = [1.5, 3.5], b = −2.5 gives 104.714354°.
/// A hidden layer of n ReLU units folds the plane n times; the output layer adds the folded
/// sheets with its weights and the softmax compares the two sums: the boundary between the
/// classes is made of pieces of straight lines that bend only where a fold lies.
#pragma once

#include <string>
#include <vector>

#include "io/json.hpp"

namespace ch04 {

/// θ = π − arccos(1/√(w0² + w1² + 1)) in degrees: the angle inside the fold of max(0, w·x + b).
double fold_angle_degrees(double w0, double w1);

struct FoldResults {
    double lecture_angle = 0;          ///< the lecture's W = [1.5, 3.5]: 104.714354°
    double accuracy = 0;               ///< the 2-3-2 network on the disc, training accuracy
    std::vector<double> fold_angles;   ///< of the three trained hidden units
};

/// Prints the lecture's fold, trains the lecture's 2-3-2 network (3 ReLU units, a 2-unit softmax)
/// on points inside and outside a disc, and plots its three folds and decision boundary to
/// `out`/relu_folds.svg.
FoldResults run_folds(uint64_t seed, const std::string& out);

dl::Json to_json(const FoldResults& r);

}  // namespace ch04
