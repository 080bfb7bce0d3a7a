/// @file breast_cancer.hpp
/// @brief Loader for the Breast Cancer Wisconsin (Diagnostic) data set shipped in datasets/.
///
/// File format (datasets/breast_cancer.csv, from scikit-learn's data folder, UCI, CC BY 4.0):
/// a header line `569,30,malignant,benign` (samples, features, the class names), then one line
/// per sample: 30 real-valued features of the cell nuclei and the label, 0 = malignant,
/// 1 = benign. The header's counts are checked against the file.
#pragma once

#include <string>

#include "dataset.hpp"

namespace dl {

/// 30 x 569 features, labels 0 malignant / 1 benign. Throws dl::Error naming the file, line and
/// column for a bad header, a missing column, a non-numeric cell or a label outside {0,1}.
Dataset load_breast_cancer(const std::string& path);

}  // namespace dl
