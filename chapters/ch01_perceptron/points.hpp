/// @file points.hpp
/// @brief Linearly separable 2-D points for the perceptron, and the figure of what it learned.
#pragma once

#include <string>

#include "core/eigen_view.hpp"
#include "core/rng.hpp"
#include "exercises/ch01.hpp"
#include "io/svg_plot.hpp"

namespace ch01 {

/// A 2-D binary data set: X is 2 x m (one point per column), Y is 1 x m (0 or 1).
struct Points {
    dl::Matrix X;
    Eigen::RowVectorXf Y;
    /// The line that generated the labels, a·x1 + b·x2 + c = 0 (all zero when loaded from a file).
    double a = 0, b = 0, c = 0;
};

/// m points drawn uniformly from the square [−1, 1]², labelled by a random line through the
/// square: y = 1 when a·x1 + b·x2 + c ≥ 0. Points closer to the line than `margin` are drawn
/// again, so the classes are separated by a gap (the perceptron then converges quickly).
Points make_separable_points(int m, double margin, dl::Rng& rng);

/// Reads points from a CSV file with lines `x1,x2,label` (label 0 or 1; a first line that is
/// not numeric is taken as a header). Throws dl::Error naming the file, the line and the problem.
Points load_points_csv(const std::string& path);

/// The scatter plot of the points coloured by class, with the learned line w·x = θ and (for
/// generated points) the line that generated them. Written atomically to `path`.
void plot_points(const Points& pts, const dl::exercises::Perceptron& p, const std::string& path);

}  // namespace ch01
