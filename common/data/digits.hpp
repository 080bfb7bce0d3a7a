/// @file digits.hpp
/// @brief Loader for the 8x8 handwritten digits shipped in datasets/ (1,797 images).
///
/// File format (datasets/digits.csv.gz, from scikit-learn's data folder, UCI, CC BY 4.0): no
/// header; one image per line, 64 pixel intensities 0..16 read row by row, then the label 0..9.
/// A plain (not gzipped) CSV of the same layout is read as well.
#pragma once

#include <string>

#include "dataset.hpp"

namespace dl {

/// 64 x m pixels (values 0..16, unscaled; each column is an 8x8 image stored row by row),
/// labels 0..9. Throws dl::Error naming the file, line and column for a missing column, a
/// non-numeric cell, a pixel outside 0..16 or a label outside 0..9.
Dataset load_digits(const std::string& path);

}  // namespace dl
