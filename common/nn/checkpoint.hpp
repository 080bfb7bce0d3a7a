/// @file checkpoint.hpp
/// @brief Checkpoints: everything a training run needs to continue where it stopped, in one file.
///
/// File format, version 1: a text header, then the numbers in binary.
///
///     dlcourse-checkpoint 1\n
///     model <one line: the model's description>\n
///     dtype float32\n                            (or float64)
///     epoch <epochs completed>\n
///     optimizer <name> <steps taken> <learning rate as %a hex float>\n
///     rng <four 64-bit words in hex> <spare as %a> <has_spare 0|1>\n
///     param <name> <rows> <cols> <offset>\n       one line per parameter
///     buffer <name> <rows> <cols> <offset>\n      one line per buffer (batch-norm statistics)
///     block values <count>\n                      the flat blocks, in the order of these lines
///     block buffers <count>\n
///     block state.<name> <count>\n               one per optimizer state (Adam: v, s)
///     data\n
///     <each block's elements, little-endian, in the dtype above, in the order listed>
///
/// The flat blocks are the ParamStore's buffers themselves (param_store.hpp), padding
/// included, so a checkpoint is written and read with one copy per block. The header names every
/// slot so that loading can check the model: any parameter or buffer whose name, shape or
/// offset differs is named in the error, all of them at once. Numbers are written exactly (hex
/// floats for the learning rate and the generator's spare normal), so a resumed run continues
/// bit for bit.
///
/// Written atomically (a temporary file renamed over the target): an interrupted save leaves the
/// previous checkpoint intact.
#pragma once

#include <string>

#include "../core/rng.hpp"
#include "model.hpp"
#include "optimizer.hpp"

namespace dl::nn {

/// What a checkpoint holds beside the model and the optimizer.
struct RunState {
    int epoch = 0;
    Rng::State rng{};
};

/// Writes `model`'s parameters and buffers, `opt`'s state (when not null) and `run` to `path`.
/// Throws dl::Error when the file exists and `overwrite` is false (the message suggests
/// --force), or when it cannot be written.
void save_checkpoint(const std::string& path, const Model& model, Optimizer* opt,
                     const RunState& run, bool overwrite);

/// Reads `path` into `model` (and `opt`, when not null); returns the run state. Throws
/// dl::Error naming the file and every mismatch (slots, dtype, optimizer, sizes).
RunState load_checkpoint(const std::string& path, Model& model, Optimizer* opt);

}  // namespace dl::nn
