# dl_add_chapter(<name> SOURCES <files...> [MAIN <file>] [EXERCISES <chNN>] [TESTS <files...>]
#                [LIBS <targets...>])
#
# Builds a chapter program bin/<name> (e.g. ch01_perceptron).
#   SOURCES    the chapter's code except main(); compiled once into the library <name>_lib,
#              which the chapter's tests link too.
#   MAIN       the file with main() (default main.cpp).
#   EXERCISES  the chapter's exercise set (chNN). The program links the reference solutions
#              (solutions/chNN/*.cpp; the stub, i.e. the student's file, for each one missing, as
#              in a student copy without solutions/); a second program bin/<name>_mine links the
#              student's files instead (exercises/chNN/*.cpp, or DL_EXERCISES_DIR/chNN), so that
#              `./course run N --mine` runs the chapter on the student's own functions. Each
#              program says at start-up which it runs: main.cpp prints
#              dl::exercises::linked() (exercises/include/exercises/linked.hpp), and the program
#              carries the target property DL_RUNS_REFERENCE (the notes show a reference run only).
#   TESTS      GoogleTest files for the chapter (registered as test_<name>, label chNN).
include_guard(GLOBAL)

set(DL_EXERCISES_DIR "${CMAKE_SOURCE_DIR}/exercises" CACHE PATH
    "Folder holding the student's exercise files (chNN/*.cpp)")
set(DL_SOLUTIONS_DIR "${CMAKE_SOURCE_DIR}/solutions" CACHE PATH
    "Folder holding the reference solutions (chNN/*.cpp); a student copy has none")

# dl_exercise_files(chNN <variant-dir> <out-var>): for each exercise of the chapter (the files
# exercises/chNN/*.cpp name them, and *.cu in a CUDA build: a GPU kernel exercise), the file
# from <variant-dir>/chNN when it exists, else the reference solution, else the stub. A student
# copy with solutions/ removed still builds.
function(dl_exercise_files chapter dir out)
  set(patterns ${CMAKE_SOURCE_DIR}/exercises/${chapter}/*.cpp)
  if(DL_WITH_CUDA)
    list(APPEND patterns ${CMAKE_SOURCE_DIR}/exercises/${chapter}/*.cu)
  endif()
  file(GLOB stubs CONFIGURE_DEPENDS ${patterns})
  set(files)
  foreach(stub IN LISTS stubs)
    get_filename_component(fname ${stub} NAME)
    if(EXISTS ${dir}/${chapter}/${fname})
      list(APPEND files ${dir}/${chapter}/${fname})
    elseif(EXISTS ${DL_SOLUTIONS_DIR}/${chapter}/${fname})
      list(APPEND files ${DL_SOLUTIONS_DIR}/${chapter}/${fname})
    else()
      list(APPEND files ${stub})
    endif()
  endforeach()
  set(${out} ${files} PARENT_SCOPE)
endfunction()

# dl_exercise_origin(chNN <variant-dir> <out-text> <out-reference>): in words, what
# dl_exercise_files(chNN <variant-dir>) links (the start-up line "Exercises: ..."), and whether
# that is the reference solution of every exercise.
function(dl_exercise_origin chapter dir out_text out_ref)
  dl_exercise_files(${chapter} ${dir} files)
  file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${dir})
  if(rel MATCHES "^\\.\\.")
    set(rel ${dir})
  endif()
  set(reference TRUE)
  set(from_dir)
  set(from_other)
  foreach(f IN LISTS files)
    get_filename_component(stem ${f} NAME_WE)
    string(FIND "${f}" "${DL_SOLUTIONS_DIR}/" in_solutions)
    string(FIND "${f}" "${dir}/" in_dir)
    if(NOT in_solutions EQUAL 0)
      set(reference FALSE)
    endif()
    if(in_dir EQUAL 0)
      list(APPEND from_dir ${chapter}.${stem})
    else()
      list(APPEND from_other ${chapter}.${stem})
    endif()
  endforeach()
  list(JOIN from_other ", " others)
  if(dir STREQUAL DL_SOLUTIONS_DIR)
    if(NOT from_dir)
      set(text "your code in exercises/${chapter} (this copy has no ${rel}/${chapter})")
    elseif(from_other)
      string(CONCAT text "the reference solutions (${rel}/${chapter}), and your code for "
             "${others} (no solution file)")
    else()
      set(text "the reference solutions (${rel}/${chapter})")
    endif()
  else()
    set(text "your code (${rel}/${chapter})")
    if(from_other)
      string(APPEND text ", and the reference or the stub for ${others} (not in that folder)")
    endif()
  endif()
  set(${out_text} "${text}" PARENT_SCOPE)
  set(${out_ref} ${reference} PARENT_SCOPE)
endfunction()

# dl_exercise_libs(chNN): the libraries dl_solutions_chNN and dl_exercises_chNN, made once.
# The declarations every implementation shares are in exercises/include/exercises/chNN.hpp.
function(dl_exercise_libs chapter)
  if(TARGET dl_solutions_${chapter})
    return()
  endif()
  dl_exercise_files(${chapter} ${DL_SOLUTIONS_DIR} sol)
  dl_exercise_files(${chapter} ${DL_EXERCISES_DIR} mine)
  foreach(kind solutions exercises)
    if(kind STREQUAL "solutions")
      set(srcs ${sol})
    else()
      set(srcs ${mine})
    endif()
    add_library(dl_${kind}_${chapter} STATIC ${srcs})
    target_include_directories(dl_${kind}_${chapter} PUBLIC ${CMAKE_SOURCE_DIR}/exercises/include)
    target_link_libraries(dl_${kind}_${chapter} PUBLIC dl_common dl_flags)
  endforeach()
endfunction()

# dl_add_shared_flag_tests(<program> <chNN>): the bad values of the flags every chapter shares
# (dl::ArgParser::add_common), each a one-line message naming the flag and the value: exit 2 for
# a usage error, 1 for a folder that cannot be written. dl_add_chapter registers them.
function(dl_add_shared_flag_tests name chapter)
  set(prog $<TARGET_FILE:${name}>)
  dl_add_cli_test(cli.${chapter}.unknown_flag EXIT 2 MATCH "unknown flag '--no-such-flag'"
                  COMMAND ${prog} --no-such-flag 5 LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.epochs_zero EXIT 2
                  MATCH "--epochs: expected an integer >= 1, got '0'"
                  COMMAND ${prog} --epochs 0 LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.lr_negative EXIT 2
                  MATCH "--lr: expected a positive finite number, got '-1'"
                  COMMAND ${prog} --lr -1 LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.lr_text EXIT 2 MATCH "--lr: expected a number, got 'abc'"
                  COMMAND ${prog} --lr abc LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.epochs_negative EXIT 2
                  MATCH "--epochs: expected an integer >= 1, got '-3'"
                  COMMAND ${prog} --epochs -3 LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.epochs_type EXIT 2 MATCH "--epochs: expected an integer, got 'ten'"
                  COMMAND ${prog} --epochs ten LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.seed_type EXIT 2
                  MATCH "--seed: expected a non-negative integer, got '-1'"
                  COMMAND ${prog} --seed -1 LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.lr_zero EXIT 2
                  MATCH "--lr: expected a positive finite number, got '0'"
                  COMMAND ${prog} --lr 0 LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.lr_nan EXIT 2
                  MATCH "--lr: expected a positive finite number, got 'nan'"
                  COMMAND ${prog} --lr nan LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.missing_value EXIT 2 MATCH "--out: expected a value"
                  COMMAND ${prog} --out LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.device_unknown EXIT 2
                  MATCH "--device: expected cpu or cuda, got 'tpu'"
                  COMMAND ${prog} --device tpu LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.out_unwritable EXIT 1
                  MATCH "--out: cannot [a-z]+ folder '/proc/forbidden'"
                  COMMAND ${prog} --out /proc/forbidden LABELS ${chapter})
  # Values are checked against the type the program computes with: the learning rate feeds
  # float kernels, so 1e39 (and 1e308, a finite double) would be infinite there.
  dl_add_cli_test(cli.${chapter}.lr_float_overflow EXIT 2
                  MATCH "--lr: expected a positive finite number that fits in a float \\(at most 3\\.40282e\\+38\\), got '1e39'"
                  COMMAND ${prog} --lr 1e39 LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.lr_double_overflow EXIT 2
                  MATCH "--lr: expected a positive finite number that fits in a float .*got '1e308'"
                  COMMAND ${prog} --lr 1e308 LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.lr_inf EXIT 2
                  MATCH "--lr: expected a positive finite number, got 'inf'"
                  COMMAND ${prog} --lr inf LABELS ${chapter})

  # --config FILE: the same checks for values read from a file, an unknown key named, an
  # unreadable file a runtime error, and the command line winning over the file.
  set(cfg ${CMAKE_BINARY_DIR}/test-config)
  file(WRITE ${cfg}/unknown_key.toml "seed = 3\nbogus = 1\n")
  file(WRITE ${cfg}/epochs_zero.toml "epochs = 0\n")
  file(WRITE ${cfg}/out_forbidden.ini "[default]\nout = /proc/forbidden\n")
  dl_add_cli_test(cli.${chapter}.config_unknown_key EXIT 2
                  MATCH "--config .*unknown_key.toml: unknown flag 'bogus'"
                  COMMAND ${prog} --config ${cfg}/unknown_key.toml LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.config_bad_value EXIT 2
                  MATCH "--epochs: expected an integer >= 1, got '0' \\(in --config .*epochs_zero.toml\\)"
                  COMMAND ${prog} --config ${cfg}/epochs_zero.toml LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.config_missing EXIT 1
                  MATCH "--config: cannot read '/nonexistent/run.toml': No such file or directory"
                  COMMAND ${prog} --config /nonexistent/run.toml LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.config_value_used EXIT 1
                  MATCH "--out: cannot [a-z]+ folder '/proc/forbidden'"
                  COMMAND ${prog} --config ${cfg}/out_forbidden.ini LABELS ${chapter})
  dl_add_cli_test(cli.${chapter}.config_command_line_wins EXIT 1
                  MATCH "--out: cannot [a-z]+ folder '/proc/forbidden'"
                  COMMAND ${prog} --config ${cfg}/epochs_zero.toml --epochs 2 --out /proc/forbidden
                  LABELS ${chapter})
endfunction()

# dl_add_config_roundtrip_test(<test name> PROGRAM <target> ARGS <flags...> KEYS <json keys...>
#                              [HISTORY <file.jsonl> ROWS <n>] [LABELS <labels...>])
#
# Runs `<program> <flags> --json --out A`, then `<program> --config A/config.toml --out B`, and
# requires the second run to reproduce the first: the same value of every KEYS member of the
# --json object (a dotted path such as points.epochs), and the same config.toml apart from the
# --out line. HISTORY checks that A/<file.jsonl> has ROWS lines (at least one when ROWS is not
# given), one JSON object each.
function(dl_add_config_roundtrip_test name)
  cmake_parse_arguments(ARG "" "PROGRAM;HISTORY;ROWS" "ARGS;KEYS;LABELS" ${ARGN})
  list(JOIN ARG_ARGS "\;" args)
  list(JOIN ARG_KEYS "\;" keys)
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} "-DPROGRAM=$<TARGET_FILE:${ARG_PROGRAM}>" "-DARGS=${args}"
                   "-DKEYS=${keys}" "-DDIR=${CMAKE_BINARY_DIR}/test-config/${name}"
                   "-DHISTORY=${ARG_HISTORY}" "-DROWS=${ARG_ROWS}"
                   -P ${CMAKE_SOURCE_DIR}/cmake/run_config_roundtrip.cmake
           WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
  set_tests_properties(${name} PROPERTIES LABELS "cli;${ARG_LABELS}")
endfunction()

function(dl_add_chapter name)
  cmake_parse_arguments(ARG "" "MAIN;EXERCISES" "SOURCES;TESTS;LIBS" ${ARGN})
  if(NOT ARG_MAIN)
    set(ARG_MAIN main.cpp)
  endif()
  string(SUBSTRING ${name} 0 4 chapter)  # ch01

  add_library(${name}_lib STATIC ${ARG_SOURCES})
  target_include_directories(${name}_lib PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name}_lib PUBLIC dl_common dl_flags ${ARG_LIBS})
  # exercises/include: the exercises' declarations, and linked.hpp for the start-up line.
  target_include_directories(${name}_lib PUBLIC ${CMAKE_SOURCE_DIR}/exercises/include)
  if(ARG_EXERCISES)
    dl_exercise_libs(${ARG_EXERCISES})
  endif()

  add_executable(${name} ${ARG_MAIN})
  target_link_libraries(${name} PRIVATE ${name}_lib)
  set_target_properties(${name} PROPERTIES DL_RUNS_REFERENCE TRUE)
  if(ARG_EXERCISES)
    target_link_libraries(${name} PRIVATE dl_solutions_${ARG_EXERCISES})
    dl_exercise_origin(${ARG_EXERCISES} ${DL_SOLUTIONS_DIR} text reference)
    target_compile_definitions(${name} PRIVATE "DL_EXERCISES_RUN=\"${text}\"")
    set_target_properties(${name} PROPERTIES DL_RUNS_REFERENCE ${reference})
    add_executable(${name}_mine ${ARG_MAIN})
    target_link_libraries(${name}_mine PRIVATE ${name}_lib dl_exercises_${ARG_EXERCISES})
    dl_exercise_origin(${ARG_EXERCISES} ${DL_EXERCISES_DIR} text reference)
    target_compile_definitions(${name}_mine PRIVATE "DL_EXERCISES_RUN=\"${text}\"")
  endif()

  dl_add_shared_flag_tests(${name} ${chapter})

  if(ARG_TESTS)
    dl_add_gtest(test_${name} SOURCES ${ARG_TESTS} LIBS ${name}_lib
                 $<$<BOOL:${ARG_EXERCISES}>:dl_solutions_${ARG_EXERCISES}> LABELS ${chapter})
  endif()
endfunction()

# dl_add_cli_test(<test name> EXIT <code> [MATCH <regex>] [NOMATCH <regex>] COMMAND <cmd> <args...>)
#
# Runs a program as a user would and checks its exit status and its output (stdout and stderr
# together): for the usage errors (exit 2), runtime errors (exit 1) and --json output.
function(dl_add_cli_test name)
  cmake_parse_arguments(ARG "" "EXIT;MATCH;NOMATCH;LABELS" "COMMAND" ${ARGN})
  if(NOT DEFINED ARG_EXIT)
    set(ARG_EXIT 0)
  endif()
  list(JOIN ARG_COMMAND "\;" cmd)
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" "-DEXIT=${ARG_EXIT}" "-DMATCH=${ARG_MATCH}"
                   "-DNOMATCH=${ARG_NOMATCH}" -P ${CMAKE_SOURCE_DIR}/cmake/run_cli_test.cmake
           WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
  set_tests_properties(${name} PROPERTIES LABELS "cli;${ARG_LABELS}")
endfunction()

# dl_add_device_cli_test(<test name> COMMAND <cmd> --device cuda <args...>)
#
# `--device cuda` must work on a GPU (exit 0). Without one the program must stop with exit 1
# and a message saying there is no GPU (or no CUDA build): the test is then skipped, and fails
# under DL_REQUIRE_GPU=1. Any other outcome, a driver too old for this build included, fails
# (cmake/run_device_cli_test.cmake). Label `cuda`, and the GPU lock like every `cuda` test.
function(dl_add_device_cli_test name)
  cmake_parse_arguments(ARG "" "LABELS" "COMMAND" ${ARGN})
  list(JOIN ARG_COMMAND "\;" cmd)
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}"
                   -P ${CMAKE_SOURCE_DIR}/cmake/run_device_cli_test.cmake
           WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
  set_tests_properties(${name} PROPERTIES LABELS "cli;cuda;${ARG_LABELS}"
                       SKIP_REGULAR_EXPRESSION "DL_TEST_SKIPPED" RESOURCE_LOCK ${DL_GPU_LOCK})
endfunction()
