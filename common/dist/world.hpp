/// @file world.hpp
/// @brief The processes this program trains with: started alone, or as one of n ranks by
/// mpirun.
///
///     ./course run 4 --ranks 2          # = mpirun -np 2 … bin/ch04_mlp
///
/// starts the same program twice. dl::run_main() calls init() before the program's body, so
/// every chapter program is ready for that without a line of its own:
///
/// - alone (no launcher in the environment): nothing happens; world() is SingleProcess;
/// - started by mpirun: MPI is initialised; world(Device::CPU) is the MPI backend and
///   world(Device::CUDA) the NCCL one (each rank on its own GPU); ranks other than 0 send their
///   standard output to /dev/null and write no files (io/atomic_file.hpp), so the program prints
///   and saves once; a watchdog stops a rank that waits too long in a collective
///   (watchdog.hpp);
/// - an error on any rank prints the message with the rank ("ch04_mlp: error: rank 1 of 2: …")
///   and stops every rank (abort(), MPI_Abort): none is left waiting for the one that failed.
///
/// nn::Trainer takes world(its model's device) unless TrainOptions::comm names another: every
/// program that trains with it is data-parallel under mpirun.
#pragma once

#include <string>

#include "../core/device.hpp"
#include "communicator.hpp"

namespace dl::dist {

/// How this process was started, from the environment mpirun gives its ranks (Open MPI's
/// OMPI_COMM_WORLD_*, MPICH's PMI_*): read without initialising MPI.
struct Launch {
    bool launched = false;  ///< started by an MPI launcher
    int rank = 0, size = 1;
    std::string launcher;   ///< "Open MPI", "MPICH" or ""
};
Launch launch_from_environment();
/// Throws dl::Error when `launch` has several ranks and the build has no MPI (each copy of
/// `program` would train alone, n times the same run).
void check_launch(const Launch& launch, const std::string& program);

/// True when the build has the MPI backend (Open MPI found), the NCCL backend.
bool mpi_compiled();
bool nccl_compiled();

/// Prepares the world (see above); `program` names the messages. `only_root_speaks`: ranks
/// other than 0 print nothing and write no files (false for test programs, whose every rank
/// reports). Idempotent. Throws dl::Error when mpirun started several copies of a program built
/// without MPI.
void init(const std::string& program, bool only_root_speaks = true);
/// Ends MPI after a successful run (every rank waits for the others); no-op alone. Under
/// mpirun, when no trainer shared an epoch over the ranks (note_data_parallel()), rank 0 says
/// so: each rank then ran the whole program alone (a chapter that trains without nn::Trainer,
/// or one that only loads a model).
void finalize();
/// Called by nn::Trainer after an epoch whose batches it shared over several ranks.
void note_data_parallel();
/// After this rank failed with `code`: stops every rank when there are several (MPI_Abort, which
/// does not return); returns at once for a single process.
void abort(int code);

/// This process's communicator for tensors on `device` (init() first when launched; called
/// without it, world() initialises with the program name "dl"). The NCCL one is created at the
/// first call for Device::CUDA: every rank must make that call at the same point.
Communicator& world(Device device = Device::CPU);
/// Rank and size of the world (0 and 1 alone).
int rank();
int size();
/// "rank 1 of 2: " in a run of several ranks, "" alone: the start of this rank's messages.
std::string rank_label();

/// Ranks other than 0 keep quiet (set by init()).
bool only_root_speaks();

}  // namespace dl::dist
