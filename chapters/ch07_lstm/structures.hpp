/// @file structures.hpp
/// @brief Chapter 7, section 1: the four structures of a recurrent network in the lecture,
/// each trained on a small task of its shape.
///
/// | structure            | lecture | shape                          | task here                                      |
/// |----------------------|---------|--------------------------------|------------------------------------------------|
/// | one-to-one (一对一)   | x → y   | T = 1, one output              | XOR of two bits                                |
/// | one-to-many (一对多)  | image → sentence | input at t = 0, output every step | from a digit k, write k, k+1, …, k+5 (mod 10) |
/// | many-to-one (多对一)  | text → class | input every step, output at the end | count the 1s in 8 bits (0 … 8)             |
/// | many-to-many (多对多) | aligned in and out | input and output every step | echo each symbol two steps later          |
///
/// The same two layers serve all four: a recurrent layer that returns every h_t
/// (Returns::Sequence) or the last (Returns::Last), then a Dense layer with softmax
/// cross-entropy applied to every column it gets. Only the shape of the data changes.
#pragma once

#include <string>
#include <vector>

#include "seq_train.hpp"

namespace ch07 {

struct StructureResult {
    std::string name;     ///< "one-to-one"
    std::string chinese;  ///< "一对一"
    std::string task;     ///< what it learned
    std::string model;    ///< "RNN 8, T = 1 → Dense 2"
    double accuracy = 0;  ///< share of right outputs on 512 fresh test sequences
    double chance = 0;    ///< what guessing the most frequent answer gets
    int steps = 0;
};

/// Trains the four, `steps` mini-batches each (Adam, lr 0.01, batches of 32).
std::vector<StructureResult> run_structures(const Settings& s, int steps);

}  // namespace ch07
