/// @file mpi.cpp
/// @brief The MPI backend (see mpi.hpp).
#include "mpi.hpp"

#include <mpi.h>

#include <climits>
#include <cstdlib>

#include "../core/memory.hpp"
#include "../kernels/axpby.hpp"
#include "check.hpp"

namespace dl::dist {

namespace {

/// Turns an MPI error code into a dl::Error naming the call.
void check(int rc, const char* call) {
    if (rc == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, text, &len);
    fail(call, " failed: ", std::string(text, static_cast<std::size_t>(len)));
}

MPI_Datatype mpi_type(const Tensor& x) { return x.dtype() == DType::F64 ? MPI_DOUBLE : MPI_FLOAT; }

int mpi_count(const Tensor& x, const char* op) {
    DL_CHECK(x.numel() <= INT_MAX, op, ": ", x.numel(), " elements are more than one MPI call "
             "moves (", INT_MAX, ")");
    return static_cast<int>(x.numel());
}

}  // namespace

bool mpi_init() {
    int done = 0;
    MPI_Initialized(&done);
    if (done) return false;
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    // Errors come back as codes (turned into dl::Error above) instead of aborting inside MPI.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    return true;
}

bool mpi_initialized() {
    int init = 0, fin = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    return init && !fin;
}

void mpi_finalize() {
    if (mpi_initialized()) MPI_Finalize();
}

void mpi_abort(int code) {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::_Exit(code);  // MPI_Abort does not return; this is for the compiler
}

MpiPlace mpi_place() {
    MpiPlace p;
    check(MPI_Comm_rank(MPI_COMM_WORLD, &p.rank), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &p.size), "MPI_Comm_size");
    MPI_Comm node;
    check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, p.rank, MPI_INFO_NULL, &node),
          "MPI_Comm_split_type");
    MPI_Comm_rank(node, &p.local_rank);
    MPI_Comm_size(node, &p.local_size);
    MPI_Comm_free(&node);
    return p;
}

MpiCommunicator::MpiCommunicator(Watchdog* watchdog) : watchdog_(watchdog) {
    DL_CHECK(mpi_initialized(), "MpiCommunicator: MPI is not initialised (dist::init() first)");
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
}

void* MpiCommunicator::host_view(Tensor& x) {
    if (x.is_cpu()) return x.raw();
    const std::size_t bytes = static_cast<std::size_t>(x.numel()) * dtype_size(x.dtype());
    if (staging_.size() < bytes) staging_.resize(bytes);
    device_copy(staging_.data(), Device::CPU, x.raw(), x.device(), bytes);
    return staging_.data();
}

void MpiCommunicator::back_to_device(Tensor& x) {
    if (x.is_cpu()) return;
    const std::size_t bytes = static_cast<std::size_t>(x.numel()) * dtype_size(x.dtype());
    device_copy(x.raw(), x.device(), staging_.data(), Device::CPU, bytes);
}

void MpiCommunicator::all_reduce(Tensor& x, ReduceOp op) {
    check_reducible("all_reduce", x);
    const int count = mpi_count(x, "all_reduce");
    if (count == 0) return;
    void* p = host_view(x);
    {
        Watched w(watchdog_, "all-reduce");
        check(MPI_Allreduce(MPI_IN_PLACE, p, count, mpi_type(x), MPI_SUM, MPI_COMM_WORLD),
              "MPI_Allreduce");
    }
    back_to_device(x);
    if (op == ReduceOp::Mean && size_ > 1) axpby(0.0, x, 1.0 / size_, x);  // x ← x / n
}

void MpiCommunicator::broadcast(Tensor& x, int root) {
    check_reducible("broadcast", x);
    check_root(root, size_);
    const int count = mpi_count(x, "broadcast");
    if (count == 0) return;
    void* p = host_view(x);
    {
        Watched w(watchdog_, "broadcast");
        check(MPI_Bcast(p, count, mpi_type(x), root, MPI_COMM_WORLD), "MPI_Bcast");
    }
    back_to_device(x);
}

void MpiCommunicator::broadcast_bytes(void* data, std::size_t bytes, int root) {
    check_root(root, size_);
    DL_CHECK(bytes <= INT_MAX, "broadcast_bytes: ", bytes, " bytes are too many for one call");
    Watched w(watchdog_, "broadcast");
    check(MPI_Bcast(data, static_cast<int>(bytes), MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
}

void MpiCommunicator::barrier() {
    Watched w(watchdog_, "barrier");
    check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
}

double MpiCommunicator::max(double x) {
    Watched w(watchdog_, "all-reduce");
    check(MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
    return x;
}

}  // namespace dl::dist
