/// @file digits.cpp
/// @brief Loader for the 8x8 digits (see digits.hpp).
#include "digits.hpp"

#include "csv.hpp"

namespace dl {

Dataset load_digits(const std::string& path) {
    constexpr int n = 64;
    CsvTable t = read_numeric_csv(path, n + 1, 0);
    Dataset d;
    d.name = "digits";
    d.classes = 10;
    for (int c = 0; c < 10; ++c) d.class_names.push_back(std::to_string(c));
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) d.feature_names.push_back(cat("pixel ", r, ",", c));
    fill_features_and_labels(t, n, path, d, 0.0, 16.0);  // pixel intensities 0..16
    return d;
}

}  // namespace dl
