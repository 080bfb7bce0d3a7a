/// @file dataset.hpp
/// @brief dl::Dataset: labelled samples as columns, with stratified splits and standardisation.
///
/// Data sets follow the lecture's layout: X is n x m (features x samples), one column per
/// sample, labels y in [0, classes). A training program splits the data into a training and a
/// test set (stratified: each class keeps its share in both), computes the standardisation
/// statistics (μ, σ per feature) on the training set only, and applies them to both sets, so
/// nothing about the test set leaks into training.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../core/rng.hpp"
#include "../core/tensor.hpp"

namespace dl {

/// A labelled data set, samples as columns.
struct Dataset {
    std::string name;                        ///< "digits", "breast_cancer", ...
    Tensor X;                                ///< n x m float32 on the CPU (features x samples)
    std::vector<int> y;                      ///< m labels in [0, classes)
    int classes = 0;
    std::vector<std::string> class_names;    ///< `classes` names
    std::vector<std::string> feature_names;  ///< n names (may be empty)

    int64_t features() const { return X.rows(); }
    int64_t samples() const { return X.cols(); }
};

/// Y (classes x m, float32 CPU) with Y(y[j], j) = 1 and 0 elsewhere (one-hot, 独热编码).
Tensor one_hot(const std::vector<int>& y, int classes);

/// The labels as a 1 x m float32 row (for binary classification: Y with values 0 and 1).
Tensor label_row(const std::vector<int>& y);

/// The columns `idx` of d, in that order (a new Dataset).
Dataset select(const Dataset& d, const std::vector<int64_t>& idx);

/// Stratified split: each class split test_fraction / rest, shuffled by rng; returns {train, test}.
/// Every class with at least two samples has at least one in each part. Throws dl::Error naming
/// the data set, its class counts and what it needs when either part would be empty.
std::pair<Dataset, Dataset> stratified_split(const Dataset& d, double test_fraction, Rng& rng);

/// Number of samples of each class.
std::vector<int64_t> class_counts(const Dataset& d);

/// The path of a file shipped in the course's datasets/ folder, e.g. "breast_cancer.csv":
/// looks in ./datasets, then in datasets/ beside each parent folder of the running program
/// (bin/ inside a build folder inside the course), then of the current folder. Throws dl::Error
/// listing where it looked when the file is nowhere.
std::string find_dataset_file(const std::string& file);

/// Standardisation with the training set's statistics only: x ← (x − μ) / σ per feature (σ = 0 → 1).
struct Standardizer {
    Tensor mean, stddev;  ///< n x 1 each (float32, CPU); σ is the population standard deviation

    /// μ and σ of each feature (row) of X (n x m, CPU float32).
    static Standardizer fit(const Tensor& X);
    /// X ← (X − μ) / σ, in place (X: n x m, CPU float32, same n as fit).
    void apply(Tensor& X) const;
};

}  // namespace dl
