/// @file params_io.hpp
/// @brief Saving and loading a network's trained parameters.
///
/// File format, version 1 (a text header, then the numbers in binary):
///
///     dlcourse-params 1\n
///     model <free text: the architecture, e.g. "784-256-128-10 relu">\n
///     tensors <count>\n
///     <name> float32 <rows> <cols>\n          one line per tensor, in order (W1, b1, W2, …)
///     data\n
///     <the tensors' values, float32 little-endian, each column-major, in the order above>
///
/// The file is written atomically (a temporary file renamed over the target), so an
/// interrupted save never leaves half a model. Loading checks the magic line, the version,
/// every tensor's name and shape against the network, and the file's length, and names the
/// first mismatch.
#pragma once

#include <string>
#include <vector>

#include "param_store.hpp"

namespace dl::nn {

/// A tensor to save or load under its name ("dense1.W").
struct NamedTensor {
    std::string name;
    Tensor* value;
};

/// The model's parameters in declaration order (W1, b1, … for an MLP), for save/load_params.
std::vector<NamedTensor> named_values(ParamStore& params);

/// Writes `params` to `path`. Throws dl::Error when the file exists and `overwrite` is false
/// (the message suggests --force), or when it cannot be written.
void save_params(const std::string& path, const std::vector<NamedTensor>& params,
                 const std::string& model, bool overwrite);

/// Reads `path` into `params` (any device). Throws dl::Error naming the file and the first
/// name, shape or size that does not match, or the first value that is NaN or infinite. Only a
/// regular file is read (not /dev/zero), and never more of it than the header such a file can
/// have plus the numbers this network needs.
void load_params(const std::string& path, const std::vector<NamedTensor>& params);

}  // namespace dl::nn
