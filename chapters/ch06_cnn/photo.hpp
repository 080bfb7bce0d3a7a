/// @file photo.hpp
/// @brief Section 1: convolution by hand on a real photograph — the lecture's sharpen and edge
/// filters, vertical and horizontal edge detectors and Sobel's, through the student's
/// single-channel convolution (exercise ch06.conv2d_single), checked against the library.
#pragma once

#include <string>
#include <vector>

#include "io/json.hpp"

namespace ch06 {

struct FilterResult {
    std::string name, png;
    double mean_abs = 0;   ///< mean |response| over the image
    double max_abs_diff = 0;  ///< the exercise's loops against the library's layer
};

struct PhotoReport {
    std::string path;
    int width = 0, height = 0;
    std::vector<FilterResult> filters;
    int valid_w = 0, valid_h = 0, stride2_w = 0, stride2_h = 0;
    double max_abs_diff = 0;  ///< over every filter
};

/// Filters the photo at `path` (its grey version; `name` is how it is called in the output)
/// and writes the PNGs to `out`.
PhotoReport run_photo(const std::string& path, const std::string& name, const std::string& out);

dl::Json to_json(const PhotoReport& r);

}  // namespace ch06
