# Data-parallel training (common/dist/): which communication libraries the build finds.
#
#   DL_WITH_MPI    Open MPI (Debian's libopenmpi-dev) was found: the MPI backend is built, and
#                  every program runs as one of several ranks when mpirun starts it.
#   DL_WITH_NCCL   also CUDA and NCCL's header (in the CUDA toolkit): the NCCL backend is built.
#                  NCCL itself (libnccl.so.2, about 200 MB) is opened on first use, like cuBLAS.
#
# Neither is needed: without them the single-process backend is the only one, and a program
# that mpirun starts says that it was built without MPI. DL_MPI=OFF leaves MPI out even when it
# is installed (the sanitizer build does: Open MPI's own allocations would be reported).
#
# dl_add_mpi_test(<name> RANKS <n> [EXIT <code>] [MATCH <regex>] [NOMATCH <regex>]
#                 [TIMEOUT <s>] [ENV <VAR=value>...] COMMAND <program> <args...>)
#   Runs the program under mpirun with n ranks on this machine, as ./course run --ranks does,
#   with the transport settings that work in a container without a network (see below), and
#   checks its exit status and output like dl_add_cli_test. Label `mpi`.
# dl_add_mpi_gpu_test(<name> RANKS <n> [TIMEOUT <s>] COMMAND <program> <args...>)
#   The same for a GoogleTest program of CUDA tests: exit status 77 (no GPU) is reported as
#   skipped; labels `mpi` and `cuda`, and the GPU lock (DL_GPU_LOCK).
set(DL_MPI AUTO CACHE STRING "Build the MPI backend of common/dist: AUTO (when found), ON or OFF")
set_property(CACHE DL_MPI PROPERTY STRINGS AUTO ON OFF)

set(DL_WITH_MPI OFF)
set(DL_WITH_NCCL OFF)
if(NOT DL_MPI STREQUAL "OFF" AND NOT DL_SANITIZE)
  # The C API from C++ (the course is C++ only); not MPI's deprecated C++ bindings.
  set(MPI_CXX_SKIP_MPICXX TRUE)
  find_package(MPI COMPONENTS CXX QUIET)
  if(MPI_CXX_FOUND)
    set(DL_WITH_MPI ON)
  elseif(DL_MPI STREQUAL "ON")
    message(FATAL_ERROR "DL_MPI=ON but MPI was not found: apt install libopenmpi-dev openmpi-bin")
  endif()
endif()
if(DL_WITH_MPI AND DL_WITH_CUDA)
  find_path(DL_NCCL_INCLUDE_DIR nccl.h HINTS ${CUDAToolkit_INCLUDE_DIRS})
  find_library(DL_NCCL_LIBRARY NAMES nccl HINTS ${CUDAToolkit_LIBRARY_DIR})
  if(DL_NCCL_INCLUDE_DIR AND DL_NCCL_LIBRARY)
    set(DL_WITH_NCCL ON)
    get_filename_component(DL_NCCL_DIR "${DL_NCCL_LIBRARY}" DIRECTORY)
  endif()
endif()
message(STATUS "dl_course: data parallelism: MPI ${DL_WITH_MPI}, NCCL ${DL_WITH_NCCL}")
# For ./course run --ranks, which checks the build can run under mpirun.
set(DL_HAVE_MPI ${DL_WITH_MPI} CACHE INTERNAL "the MPI backend of common/dist is built")

# mpirun for the tests: this machine only, any number of ranks on any number of cores, no
# binding (a shared 2-core machine), one thread per rank. The transports: `self` and `vader`
# (shared memory) only, so no network interface is needed (a container without a network has
# only the loopback, which Open MPI's TCP transport leaves out); and vader's single-copy
# mechanism off, because CMA (process_vm_readv) is refused in containers without ptrace rights
# and the transfer then fails ("Read -1, expected ..."). The tests' messages are small, so the
# copy through shared memory costs nothing there; ./course run keeps CMA (much faster for large
# buffers, see docs/pages/distributed.md).
if(DL_WITH_MPI)
  find_program(DL_MPIRUN NAMES mpirun mpiexec HINTS ${MPIEXEC_EXECUTABLE})
  set(DL_MPIRUN_TEST_FLAGS --oversubscribe --bind-to none --mca btl self,vader
                           --mca btl_vader_single_copy_mechanism none -x OMP_NUM_THREADS=1)
  # Open MPI refuses to run as root unless told; CI runs as root.
  set(DL_MPIRUN_TEST_ENV OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
                         OMP_NUM_THREADS=1)
endif()

function(dl_add_mpi_test name)
  cmake_parse_arguments(ARG "" "RANKS;EXIT;MATCH;NOMATCH;TIMEOUT" "COMMAND;ENV;LABELS" ${ARGN})
  if(NOT DL_WITH_MPI OR NOT DL_MPIRUN)
    return()
  endif()
  if(NOT DEFINED ARG_EXIT)
    set(ARG_EXIT 0)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  # coreutils' timeout stops mpirun (which stops its ranks) when a run hangs: the test then
  # fails with exit status 124 instead of holding the suite.
  set(cmd "timeout\;--kill-after=10\;${ARG_TIMEOUT}\;${DL_MPIRUN}\;-np\;${ARG_RANKS}")
  foreach(f IN LISTS DL_MPIRUN_TEST_FLAGS ARG_COMMAND)
    string(APPEND cmd "\;${f}")
  endforeach()
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" "-DEXIT=${ARG_EXIT}" "-DMATCH=${ARG_MATCH}"
                   "-DNOMATCH=${ARG_NOMATCH}" -P ${CMAKE_SOURCE_DIR}/cmake/run_cli_test.cmake
           WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
  math(EXPR ctest_timeout "${ARG_TIMEOUT} + 30")
  set_tests_properties(${name} PROPERTIES LABELS "cli;mpi;${ARG_LABELS}" TIMEOUT ${ctest_timeout}
                       ENVIRONMENT "${DL_MPIRUN_TEST_ENV}")
  if(ARG_ENV)
    set_property(TEST ${name} APPEND PROPERTY ENVIRONMENT ${ARG_ENV})
  endif()
endfunction()

function(dl_add_mpi_gpu_test name)
  cmake_parse_arguments(ARG "" "RANKS;TIMEOUT" "COMMAND" ${ARGN})
  if(NOT DL_WITH_MPI OR NOT DL_MPIRUN)
    return()
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  add_test(NAME ${name}
           COMMAND timeout --kill-after=10 ${ARG_TIMEOUT} ${DL_MPIRUN} -np ${ARG_RANKS}
                   ${DL_MPIRUN_TEST_FLAGS} ${ARG_COMMAND}
           WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
  math(EXPR ctest_timeout "${ARG_TIMEOUT} + 30")
  set_tests_properties(${name} PROPERTIES LABELS "mpi;cuda" TIMEOUT ${ctest_timeout}
                       SKIP_RETURN_CODE 77 RESOURCE_LOCK ${DL_GPU_LOCK}
                       ENVIRONMENT "${DL_MPIRUN_TEST_ENV}")
endfunction()
