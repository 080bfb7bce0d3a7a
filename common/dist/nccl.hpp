/// @file nccl.hpp
/// @brief dl::dist::NcclCommunicator: the ranks' GPUs reduce GPU buffers with NCCL.
///
/// NCCL (NVIDIA's collective communication library, in the CUDA toolkit) moves GPU memory
/// between GPUs directly — NVLink, PCIe, InfiniBand — without a copy to the host. It does not
/// start processes: mpirun does, and MPI carries the one thing NCCL needs to connect them, the
/// same 128-byte id on every rank:
///
///     rank 0:      id ← ncclGetUniqueId()
///     every rank:  MPI_Bcast(id from rank 0)
///     every rank:  ncclCommInitRank(&comm, n, id, rank)      (on its own GPU)
///
/// The collectives run on a stream of their own, ordered after the work queued before them and
/// before the work queued after them by two events; the all-reduce uses ncclAvg (the mean,
/// NCCL 2.10 or newer). Each rank must use its own GPU: dist::init() has require_device() pick
/// GPU local_rank on each machine.
///
/// Built when Open MPI, CUDA and nccl.h are found (DL_WITH_NCCL). libnccl.so.2 (about 200 MB)
/// is opened on first use, like cuBLAS, so programs that never train on several GPUs do not
/// load it, and the GPU check bundle does not carry it.
#pragma once

#include <memory>

#include "communicator.hpp"
#include "mpi.hpp"
#include "watchdog.hpp"

namespace dl::dist {

class NcclCommunicator : public Communicator {
public:
    /// Every rank calls it at the same point: bootstraps through `mpi` on the current GPU.
    NcclCommunicator(MpiCommunicator& mpi, Watchdog* watchdog);
    ~NcclCommunicator() override;

    int rank() const override { return rank_; }
    int size() const override { return size_; }
    const char* backend() const override { return "nccl"; }
    /// GPU tensors only.
    void all_reduce(Tensor& x, ReduceOp op) override;
    void broadcast(Tensor& x, int root) override;

    /// "NCCL 2.28.9".
    static std::string version();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    int rank_ = 0, size_ = 1;
};

}  // namespace dl::dist
