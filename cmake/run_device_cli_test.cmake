# Runs CMD (a ;-list: a program with --device cuda) as dl_add_device_cli_test() registers it:
#   exit 0                                    the program ran on the GPU: passed
#   exit 1, "--device cuda requested, but no GPU: ..." or "... built without CUDA"
#                                             nothing to test here: skipped (the output says
#                                             DL_TEST_SKIPPED, the test's SKIP_REGULAR_EXPRESSION),
#                                             or failed when DL_REQUIRE_GPU=1 is set
#   anything else (a driver too old for this build, another CUDA error, a crash): failed
string(REPLACE "\\;" ";" CMD "${CMD}")
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT 600)
set(all "${out}${err}")
string(REPLACE ";" " " shown "${CMD}")
set(no_gpu "--device cuda requested, but (no GPU: |the course was built without CUDA)[^\n]*")
if("${rc}" STREQUAL "0")
  message(STATUS "ok: `${shown}` ran on the GPU")
elseif("${rc}" STREQUAL "1" AND all MATCHES "${no_gpu}")
  set(why "${CMAKE_MATCH_0}")
  if(DEFINED ENV{DL_REQUIRE_GPU} AND NOT "$ENV{DL_REQUIRE_GPU}" STREQUAL ""
     AND NOT "$ENV{DL_REQUIRE_GPU}" STREQUAL "0")
    message(FATAL_ERROR "DL_REQUIRE_GPU=1, but `${shown}` could not use the GPU: ${why}")
  endif()
  message(STATUS "DL_TEST_SKIPPED: ${why}")
else()
  message(FATAL_ERROR "`${shown}` exited with ${rc}; expected 0 (ran on the GPU) or 1 saying "
                      "there is no GPU. Output:\n${all}")
endif()
