/// @file world.cpp
/// @brief The process's world (see world.hpp).
#include "world.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

#include "../io/atomic_file.hpp"
#include "single.hpp"
#include "watchdog.hpp"
#ifdef DL_WITH_MPI
#include "mpi.hpp"
#endif
#ifdef DL_WITH_NCCL
#include "nccl.hpp"
#endif

namespace dl::dist {

namespace {

struct World {
    bool initialized = false;
    bool quiet_others = true;
    bool data_parallel = false;  ///< a trainer shared its batches over the ranks
    int rank = 0, size = 1;
    std::string program = "dl";
    SingleProcess single;
    std::unique_ptr<Watchdog> watchdog;
    std::unique_ptr<Communicator> cpu, gpu;  // null alone: `single` serves both
};

World& the_world() {
    static World w;
    return w;
}

int env_int(const char* name, int fallback) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return fallback;
    char* end = nullptr;
    const long x = std::strtol(v, &end, 10);
    return end != v && *end == '\0' && x >= 0 && x < (1 << 24) ? int(x) : fallback;
}

}  // namespace

Launch launch_from_environment() {
    Launch l;
    if (std::getenv("OMPI_COMM_WORLD_SIZE")) {
        l.launcher = "Open MPI";
        l.size = env_int("OMPI_COMM_WORLD_SIZE", 1);
        l.rank = env_int("OMPI_COMM_WORLD_RANK", 0);
    } else if (std::getenv("PMI_SIZE")) {
        l.launcher = "MPICH";
        l.size = env_int("PMI_SIZE", 1);
        l.rank = env_int("PMI_RANK", 0);
    }
    l.launched = !l.launcher.empty();
    return l;
}

void check_launch(const Launch& l, const std::string& program) {
    if (mpi_compiled() || l.size <= 1) return;
    fail(l.launcher, "'s mpirun started ", l.size, " copies of ", program, ", but it was built "
         "without MPI, so each would train alone: install Open MPI (apt install libopenmpi-dev "
         "openmpi-bin; ./course test does) and rebuild");
}

bool mpi_compiled() {
#ifdef DL_WITH_MPI
    return true;
#else
    return false;
#endif
}

bool nccl_compiled() {
#ifdef DL_WITH_NCCL
    return true;
#else
    return false;
#endif
}

void init(const std::string& program, bool only_root_speaks) {
    World& w = the_world();
    if (w.initialized) return;
    w.program = program;
    w.quiet_others = only_root_speaks;
    const Launch l = launch_from_environment();
    w.initialized = true;
    check_launch(l, program);
    if (!l.launched) return;
#ifdef DL_WITH_MPI
    mpi_init();
    const MpiPlace p = mpi_place();
    w.rank = p.rank;
    w.size = p.size;
    w.watchdog = std::make_unique<Watchdog>(Watchdog::timeout_from_environment(),
                                            cat(program, ": error: rank ", p.rank, " of ", p.size));
    w.cpu = std::make_unique<MpiCommunicator>(w.watchdog.get());
    // Each rank of a machine on its own GPU, when the program asks for one (require_device).
    if (p.size > 1) set_cuda_device_for_local_rank(p.local_rank, p.local_size);
    if (p.size > 1 && p.rank != 0 && only_root_speaks) {
        // Every rank computes the same results: rank 0 prints them and writes the files.
        if (std::freopen("/dev/null", "w", stdout) == nullptr) std::fclose(stdout);
        set_writes_files(false);
    }
#endif
}

void note_data_parallel() { the_world().data_parallel = true; }

void finalize() {
    World& w = the_world();
    if (w.size > 1 && w.rank == 0 && w.quiet_others && !w.data_parallel)
        std::fprintf(stderr, "%s: note: nothing was trained data-parallel: each of the %d ranks "
                     "ran the whole program (only training with nn::Trainer shares the batches "
                     "over the ranks)\n", w.program.c_str(), w.size);
    w.gpu.reset();  // NCCL before MPI
#ifdef DL_WITH_MPI
    if (w.cpu) {
        w.cpu.reset();
        w.watchdog.reset();
        std::fflush(stdout);
        mpi_finalize();
    }
#endif
}

void abort(int code) {
#ifdef DL_WITH_MPI
    World& w = the_world();
    if (w.size > 1 && mpi_initialized()) {
        std::fflush(stdout);
        std::fflush(stderr);
        mpi_abort(code);
    }
#endif
    (void)code;
}

Communicator& world(Device device) {
    World& w = the_world();
    if (!w.initialized) init(w.program, true);
    if (!w.cpu) return w.single;
    if (device == Device::CPU) return *w.cpu;
    if (!w.gpu) {
#ifdef DL_WITH_NCCL
        w.gpu = std::make_unique<NcclCommunicator>(static_cast<MpiCommunicator&>(*w.cpu),
                                                   w.watchdog.get());
#else
        return *w.cpu;  // GPU tensors staged through the host (mpi.hpp)
#endif
    }
    return *w.gpu;
}

int rank() { return the_world().rank; }
int size() { return the_world().size; }

std::string rank_label() {
    const World& w = the_world();
    return w.size > 1 ? cat("rank ", w.rank, " of ", w.size, ": ") : std::string();
}

bool only_root_speaks() { return the_world().quiet_others; }

}  // namespace dl::dist
