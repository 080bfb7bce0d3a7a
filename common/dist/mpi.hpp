/// @file mpi.hpp
/// @brief dl::dist::MpiCommunicator: the ranks mpirun started, reducing CPU buffers with MPI.
///
/// Built only when Open MPI is installed (Debian's libopenmpi-dev; cmake/DlDist.cmake defines
/// DL_WITH_MPI). The all-reduce is MPI_Allreduce with MPI_IN_PLACE: Open MPI picks the
/// algorithm by message size (for large buffers a ring or a reduce-scatter followed by an
/// all-gather, which move 2(n−1)/n of the buffer per rank — the bound of docs/pages/distributed.md).
/// The mean is the sum times 1/n, in the tensor's precision.
///
/// Errors: MPI_COMM_WORLD's error handler is set to MPI_ERRORS_RETURN, so a failed call becomes
/// a dl::Error naming the call and MPI's reason (the program's message then stops every rank,
/// world.hpp), and every blocking call is watched (watchdog.hpp).
///
/// A GPU tensor is copied to the host, reduced and copied back (a staging buffer allocated at
/// the first call): correct, and the fallback when NCCL is absent, but slow; with NCCL,
/// world(Device::CUDA) gives the NCCL backend instead.
#pragma once

#include <cstddef>
#include <vector>

#include "communicator.hpp"
#include "watchdog.hpp"

namespace dl::dist {

/// MPI_Init_thread (funneled: only the main thread calls MPI); true if this call initialised
/// it. Sets MPI_ERRORS_RETURN on MPI_COMM_WORLD.
bool mpi_init();
bool mpi_initialized();
void mpi_finalize();
/// MPI_Abort(MPI_COMM_WORLD, code): mpirun stops every rank.
[[noreturn]] void mpi_abort(int code);
/// Rank and size in MPI_COMM_WORLD, and the rank among the processes of this machine
/// (MPI_Comm_split_type with MPI_COMM_TYPE_SHARED) and how many they are.
struct MpiPlace {
    int rank = 0, size = 1, local_rank = 0, local_size = 1;
};
MpiPlace mpi_place();

class MpiCommunicator : public Communicator {
public:
    /// Over MPI_COMM_WORLD (mpi_init() first). `watchdog` may be null (nothing watched).
    explicit MpiCommunicator(Watchdog* watchdog);

    int rank() const override { return rank_; }
    int size() const override { return size_; }
    const char* backend() const override { return "mpi"; }
    void all_reduce(Tensor& x, ReduceOp op) override;
    void broadcast(Tensor& x, int root) override;

    /// Host bytes from `root` to every rank (the NCCL id, nccl.hpp).
    void broadcast_bytes(void* data, std::size_t bytes, int root);
    /// Waits until every rank has arrived (benchmarks).
    void barrier();
    /// The largest of every rank's x (benchmarks: the slowest rank's time).
    double max(double x);

private:
    void* host_view(Tensor& x);
    void back_to_device(Tensor& x);

    Watchdog* watchdog_;
    int rank_ = 0, size_ = 1;
    std::vector<unsigned char> staging_;  ///< host copy of a GPU tensor
};

}  // namespace dl::dist
