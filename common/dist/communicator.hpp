/// @file communicator.hpp
/// @brief dl::dist::Communicator: what data-parallel training needs from the processes that
/// train together — who am I, how many are we, average this buffer, take rank 0's values.
///
/// Data parallelism (数据并行): n processes ("ranks") hold the same model. Each step, every rank
/// takes its own share of the global mini-batch, computes the gradient of its share, and the n
/// gradients are averaged,
///
///     g = (1/n) Σ_r g_r                      (one all-reduce of the flat gradient buffer)
///
/// so that every rank applies the same update to the same weights. Because the framework keeps
/// every gradient in ONE flat buffer (nn::ParamStore::grads()), that is one call per step, not
/// one per tensor.
///
/// Three backends answer the same calls:
///
/// | backend         | tensors | built when                       | file          |
/// |-----------------|---------|----------------------------------|---------------|
/// | SingleProcess   | any     | always (the default)             | single.hpp    |
/// | MpiCommunicator | CPU     | Open MPI is installed            | mpi.hpp       |
/// | NcclCommunicator| GPU     | Open MPI, CUDA and NCCL          | nccl.hpp      |
///
/// The course does not write its own communication: MPI moves CPU buffers between processes
/// and machines, NCCL moves GPU buffers over NVLink, PCIe or the network, both with ring and
/// tree algorithms tuned by their authors. world() (world.hpp) hands a program the right one.
#pragma once

#include "../core/tensor.hpp"

namespace dl::dist {

enum class ReduceOp {
    Sum,   ///< x ← Σ_r x_r
    Mean,  ///< x ← (1/n) Σ_r x_r
};

class Communicator {
public:
    virtual ~Communicator() = default;

    /// This process's number, 0 … size() − 1. Rank 0 prints and writes the files.
    virtual int rank() const = 0;
    /// How many processes train together (n).
    virtual int size() const = 0;
    /// "single", "mpi" or "nccl".
    virtual const char* backend() const = 0;

    /// x ← Σ_r x_r or (1/n) Σ_r x_r over the ranks, in place, on every rank (float32 or
    /// float64, contiguous). Every rank must call it with the same shape, in the same order.
    virtual void all_reduce(Tensor& x, ReduceOp op) = 0;
    /// x ← rank `root`'s x, on every rank.
    virtual void broadcast(Tensor& x, int root) = 0;

    bool is_root() const { return rank() == 0; }
};

}  // namespace dl::dist
