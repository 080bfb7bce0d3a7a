/// @file classification_metrics.hpp
/// @brief Confusion matrix (混淆矩阵), accuracy, precision (查准率), recall (查全率) and F1.
///
/// For a chosen positive class:
///
///     precision = TP / (TP + FP)   of the samples called positive, the share that are
///     recall    = TP / (TP + FN)   of the positive samples, the share that were found
///     F1        = 2 · P · R / (P + R)   the harmonic mean (调和平均数) of the two
#pragma once

#include <string>
#include <vector>

namespace ch02 {

/// counts[t][p]: samples of true class t predicted as p.
struct Confusion {
    std::vector<std::vector<long>> counts;

    Confusion(int classes, const std::vector<int>& truth, const std::vector<int>& predicted);
    int classes() const { return static_cast<int>(counts.size()); }
    long total() const;
    double accuracy() const;
    double precision(int positive) const;
    double recall(int positive) const;
    double f1(int positive) const;
    /// The table as text, rows = true class, columns = predicted class.
    std::string table(const std::vector<std::string>& names) const;
};

}  // namespace ch02
