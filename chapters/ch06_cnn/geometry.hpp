/// @file geometry.hpp
/// @brief Section 2: padding, stride and the output size (n + 2p − f)/s + 1; "valid" and "same";
/// convolution over volumes (an RGB photo and many filters) and parameter sharing; the 1x1
/// convolution as a dense layer applied at every pixel.
#pragma once

#include <string>

#include "io/json.hpp"

namespace ch06 {

struct GeometryReport {
    bool table_ok = true;            ///< the exercise's output_size agreed on every case
    int cases = 0;
    int64_t volume_params = 0;       ///< 8 filters of 3x3x3 (+ biases) on the RGB photo
    int64_t dense_params = 0;        ///< one dense layer from the same photo to the same output
    double one_by_one_max_diff = 0;  ///< the 1x1 convolution against a dense layer per pixel
};

GeometryReport run_geometry(const std::string& photo_path);
dl::Json to_json(const GeometryReport& r);

}  // namespace ch06
