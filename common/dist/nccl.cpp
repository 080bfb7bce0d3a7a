/// @file nccl.cpp
/// @brief The NCCL backend (see nccl.hpp), with NCCL opened on first use.
#include "nccl.hpp"

#include <cuda_runtime_api.h>
#include <dlfcn.h>
#include <nccl.h>

#include <string>

#include "check.hpp"

namespace dl::dist {

namespace {

/// The NCCL entry points the course calls, from libnccl.so.2 opened with dlopen().
struct NcclApi {
    decltype(&ncclGetVersion) get_version = nullptr;
    decltype(&ncclGetUniqueId) get_unique_id = nullptr;
    decltype(&ncclCommInitRank) comm_init_rank = nullptr;
    decltype(&ncclCommDestroy) comm_destroy = nullptr;
    decltype(&ncclCommAbort) comm_abort = nullptr;
    decltype(&ncclAllReduce) all_reduce = nullptr;
    decltype(&ncclBroadcast) broadcast = nullptr;
    decltype(&ncclGetErrorString) error_string = nullptr;
};

template <class Fn>
Fn symbol(void* lib, const char* name) {
    void* p = dlsym(lib, name);
    DL_CHECK(p != nullptr, "NCCL was loaded but has no symbol ", name, ": ", dlerror());
    return reinterpret_cast<Fn>(p);
}

const NcclApi& api() {
    static const NcclApi loaded = [] {
        const std::string candidates[] = {std::string(DL_NCCL_DIR) + "/libnccl.so.2",
                                          "libnccl.so.2", "libnccl.so"};
        void* lib = nullptr;
        std::string why;
        for (const auto& name : candidates) {
            lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (lib) break;
            why = dlerror();
        }
        DL_CHECK(lib != nullptr, "cannot load NCCL (libnccl.so.2): ", why,
                 "; install NCCL or add its folder to LD_LIBRARY_PATH");
        NcclApi a;
        a.get_version = symbol<decltype(a.get_version)>(lib, "ncclGetVersion");
        a.get_unique_id = symbol<decltype(a.get_unique_id)>(lib, "ncclGetUniqueId");
        a.comm_init_rank = symbol<decltype(a.comm_init_rank)>(lib, "ncclCommInitRank");
        a.comm_destroy = symbol<decltype(a.comm_destroy)>(lib, "ncclCommDestroy");
        a.comm_abort = symbol<decltype(a.comm_abort)>(lib, "ncclCommAbort");
        a.all_reduce = symbol<decltype(a.all_reduce)>(lib, "ncclAllReduce");
        a.broadcast = symbol<decltype(a.broadcast)>(lib, "ncclBroadcast");
        a.error_string = symbol<decltype(a.error_string)>(lib, "ncclGetErrorString");
        int v = 0;
        DL_CHECK(a.get_version(&v) == ncclSuccess && v >= 21000, "NCCL ", v,
                 " is too old: the mean (ncclAvg) needs NCCL 2.10 or newer");
        return a;  // the library stays loaded for the life of the process
    }();
    return loaded;
}

void check(ncclResult_t r, const char* call) {
    DL_CHECK(r == ncclSuccess, call, " failed: ", api().error_string(r));
}

void check_cuda(cudaError_t e, const char* call) {
    DL_CHECK(e == cudaSuccess, call, " failed: ", cudaGetErrorString(e));
}

ncclDataType_t nccl_type(const Tensor& x) {
    return x.dtype() == DType::F64 ? ncclFloat64 : ncclFloat32;
}

void check_gpu(const char* op, const Tensor& x) {
    check_reducible(op, x);
    DL_CHECK(x.is_cuda(), op, ": the NCCL backend reduces GPU tensors; this one is on the CPU "
             "(use the MPI backend: dist::world(Device::CPU))");
}

}  // namespace

/// The queued collective the watchdog asks about: done when its event has completed.
struct NcclCommunicator::Impl : Pending {
    ncclComm_t comm = nullptr;
    cudaStream_t stream = nullptr;
    cudaEvent_t ready = nullptr, done_event = nullptr;
    Watchdog* watchdog = nullptr;
    int device = 0;
    bool query_device_set = false;

    bool done() override {
        // Called from the watchdog's thread, which must use this rank's GPU too.
        if (!query_device_set) {
            cudaSetDevice(device);
            query_device_set = true;
        }
        return cudaEventQuery(done_event) != cudaErrorNotReady;
    }

    /// Orders `stream` after the work queued so far on the default stream.
    void begin() {
        check_cuda(cudaEventRecord(ready, cudaStreamLegacy), "cudaEventRecord");
        check_cuda(cudaStreamWaitEvent(stream, ready, 0), "cudaStreamWaitEvent");
    }
    /// Orders the default stream's next work after the collective, and watches it.
    void end(const char* what) {
        check_cuda(cudaEventRecord(done_event, stream), "cudaEventRecord");
        check_cuda(cudaStreamWaitEvent(cudaStreamLegacy, done_event, 0), "cudaStreamWaitEvent");
        if (watchdog) watchdog->enter_pending(what, this);
    }
};

NcclCommunicator::NcclCommunicator(MpiCommunicator& mpi, Watchdog* watchdog)
    : impl_(std::make_unique<Impl>()), rank_(mpi.rank()), size_(mpi.size()) {
    const NcclApi& nccl = api();
    impl_->watchdog = watchdog;
    check_cuda(cudaGetDevice(&impl_->device), "cudaGetDevice");
    ncclUniqueId id{};
    if (rank_ == 0) check(nccl.get_unique_id(&id), "ncclGetUniqueId");
    mpi.broadcast_bytes(&id, sizeof id, 0);  // the bootstrap: rank 0's id to every rank
    {
        Watched w(watchdog, "NCCL set-up (ncclCommInitRank)");
        check(nccl.comm_init_rank(&impl_->comm, size_, id, rank_), "ncclCommInitRank");
    }
    check_cuda(cudaStreamCreateWithFlags(&impl_->stream, cudaStreamNonBlocking),
               "cudaStreamCreateWithFlags");
    check_cuda(cudaEventCreateWithFlags(&impl_->ready, cudaEventDisableTiming), "cudaEventCreate");
    check_cuda(cudaEventCreateWithFlags(&impl_->done_event, cudaEventDisableTiming),
               "cudaEventCreate");
}

NcclCommunicator::~NcclCommunicator() {
    if (impl_->watchdog) impl_->watchdog->leave();
    if (impl_->stream) cudaStreamSynchronize(impl_->stream);
    if (impl_->comm) api().comm_destroy(impl_->comm);
    if (impl_->done_event) cudaEventDestroy(impl_->done_event);
    if (impl_->ready) cudaEventDestroy(impl_->ready);
    if (impl_->stream) cudaStreamDestroy(impl_->stream);
}

void NcclCommunicator::all_reduce(Tensor& x, ReduceOp op) {
    check_gpu("all_reduce", x);
    if (x.numel() == 0) return;
    impl_->begin();
    check(api().all_reduce(x.raw(), x.raw(), static_cast<std::size_t>(x.numel()), nccl_type(x),
                           op == ReduceOp::Mean ? ncclAvg : ncclSum, impl_->comm, impl_->stream),
          "ncclAllReduce");
    impl_->end("all-reduce");
}

void NcclCommunicator::broadcast(Tensor& x, int root) {
    check_gpu("broadcast", x);
    check_root(root, size_);
    if (x.numel() == 0) return;
    impl_->begin();
    check(api().broadcast(x.raw(), x.raw(), static_cast<std::size_t>(x.numel()), nccl_type(x),
                          root, impl_->comm, impl_->stream),
          "ncclBroadcast");
    impl_->end("broadcast");
}

std::string NcclCommunicator::version() {
    int v = 0;
    api().get_version(&v);
    return cat("NCCL ", v / 10000, ".", (v / 100) % 100, ".", v % 100);
}

}  // namespace dl::dist
