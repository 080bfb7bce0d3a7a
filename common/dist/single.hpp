/// @file single.hpp
/// @brief dl::dist::SingleProcess: the communicator of a program that trains alone.
///
/// One rank (rank 0 of 1): the average of one gradient is that gradient, and rank 0's values are
/// this process's. Both calls leave the tensor as it is and cost nothing, so a Trainer given
/// this communicator runs exactly — bit for bit — as one without any (a test checks it). It
/// needs no library and is what world() returns when the program was not started by mpirun.
#pragma once

#include "communicator.hpp"

namespace dl::dist {

class SingleProcess : public Communicator {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    const char* backend() const override { return "single"; }
    void all_reduce(Tensor& x, ReduceOp op) override;
    void broadcast(Tensor& x, int root) override;
};

}  // namespace dl::dist
