# Helpers that turn GoogleTest files into CTest entries, one entry per test case.
#
# dl_add_gtest(<name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>])
#   Builds the test program bin/<name> and registers each TEST as its own CTest entry.
#   Test suites whose name ends in "Cuda" (e.g. MatmulCuda) are the CPU-vs-GPU parity tests:
#   they get the label `cuda`, and when no GPU can be used they exit with 77, which CTest
#   reports as skipped (SKIP_RETURN_CODE 77) with the reason in the output. They also hold the
#   resource lock `gpu` (DL_GPU_LOCK), so `ctest -j` never runs two of them at once: on a GPU
#   in exclusive-process mode the second would fail at its first allocation.
#   Every other test gets the label `cpu`. LABELS adds labels to every test of the calling
#   folder (a chapter passes its chNN).
# The CTest resource every test that uses the GPU locks (RESOURCE_LOCK): the `cuda` tests,
# chapters' --device cuda runs and bench_cuda's smoke pass.
set(DL_GPU_LOCK gpu)

function(dl_add_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE dl_test_main dl_common ${ARG_LIBS} dl_flags)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  set(common_props SKIP_RETURN_CODE 77 FAIL_REGULAR_EXPRESSION "Running 0 tests")
  # gtest_discover_tests() keeps only the first element of a list-valued property, so the
  # extra labels go on the folder: every test registered in it carries them.
  if(ARG_LABELS)
    set_property(DIRECTORY APPEND PROPERTY LABELS ${ARG_LABELS})
  endif()
  gtest_discover_tests(${name}
    TEST_FILTER "-*Cuda.*"
    DISCOVERY_TIMEOUT 60
    PROPERTIES ${common_props} LABELS cpu)
  gtest_discover_tests(${name}
    TEST_FILTER "*Cuda.*"
    DISCOVERY_TIMEOUT 60
    PROPERTIES ${common_props} LABELS cuda RESOURCE_LOCK ${DL_GPU_LOCK})
endfunction()
