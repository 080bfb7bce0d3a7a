# Graded exercises: every exercise's GoogleTest file is built against an implementation folder
# and registered with CTest, one entry per exercise, carrying its points in a manifest.
#
#   exercises/include/exercises/chNN.hpp     declarations shared by every implementation
#   exercises/chNN/<name>.cpp                 the student's stub (throws dl::NotImplemented)
#   solutions/chNN/<name>.cpp                 the reference implementation
#   exercises/graded/chNN/<name>_test.cpp     the graded test
#   exercises/graded/chNN/exercises.cmake     one dl_graded_exercise() line per exercise
#
# Variants (DL_GRADING selects them):
#   normal build (./course test):  solutions  -> every graded test must pass;
#                                  stubs      -> every graded test must fail cleanly (a test
#                                                that passes on a stub cannot grade anything).
#   grading build (./course grade, -DDL_GRADING=ON -DDL_EXERCISES_DIR=<folder>):
#                                  mine       -> the student's folder, scored by the grader.
#
# Each test program links only the graded exercise from the variant's folder and the solutions
# of the chapter's other exercises, so one unfinished exercise never costs another its points,
# and a file that does not compile fails only its own exercise.
include_guard(GLOBAL)
include(${CMAKE_CURRENT_LIST_DIR}/DlChapter.cmake)

option(DL_GRADING "Build only the graded tests, against DL_EXERCISES_DIR (used by ./course grade)"
       OFF)
set(DL_GRADED_ROOT ${CMAKE_SOURCE_DIR}/exercises/graded)
set(DL_GRADED_MANIFEST ${CMAKE_BINARY_DIR}/graded/manifest.tsv)

if(DL_GRADING)
  set(DL_GRADED_VARIANTS mine)
else()
  set(DL_GRADED_VARIANTS solutions stubs)
endif()

if(NOT TARGET graded)
  add_custom_target(graded)
endif()

# dl_graded_variant_dir(<variant> <out-var>): the folder holding that variant's chNN/ folders.
function(dl_graded_variant_dir variant out)
  if(variant STREQUAL "solutions")
    set(${out} ${CMAKE_SOURCE_DIR}/solutions PARENT_SCOPE)
  elseif(variant STREQUAL "stubs")
    set(${out} ${CMAKE_SOURCE_DIR}/exercises PARENT_SCOPE)
  else()
    set(${out} ${DL_EXERCISES_DIR} PARENT_SCOPE)
  endif()
endfunction()

# dl_graded_exercise(<chNN> <name> POINTS <n> TITLE <text> [CUDA])
#   CUDA marks an exercise whose tests need a GPU (they skip, exit 77, without one). Its file is
#   <name>.cu when the exercise is a kernel (exercises/chNN/<name>.cu exists), else <name>.cpp;
#   a .cu exercise in a build without CUDA is registered as skipped, naming the reason.
function(dl_graded_exercise chapter name)
  cmake_parse_arguments(ARG "CUDA" "POINTS;TITLE" "" ${ARGN})
  if(NOT ARG_POINTS MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "dl_graded_exercise(${chapter} ${name}): POINTS must be a positive "
                        "integer, got '${ARG_POINTS}'")
  endif()
  set(test_src ${DL_GRADED_ROOT}/${chapter}/${name}_test.cpp)
  if(NOT EXISTS ${test_src})
    message(FATAL_ERROR "dl_graded_exercise(${chapter} ${name}): missing ${test_src}")
  endif()
  # The chapter's other exercises: their solutions (stubs where solutions/ was removed).
  dl_exercise_files(${chapter} ${CMAKE_SOURCE_DIR}/solutions others)
  list(FILTER others EXCLUDE REGEX "/${name}\\.(cpp|cu)$")
  file(APPEND ${DL_GRADED_MANIFEST} "${chapter}\t${name}\t${ARG_POINTS}\t${ARG_TITLE}\n")

  set(ext cpp)
  if(ARG_CUDA AND EXISTS ${CMAKE_SOURCE_DIR}/exercises/${chapter}/${name}.cu)
    set(ext cu)
  endif()
  foreach(variant IN LISTS DL_GRADED_VARIANTS)
    dl_graded_variant_dir(${variant} dir)
    set(impl ${dir}/${chapter}/${name}.${ext})
    set(target graded_${variant}_${chapter}_${name})
    set(test graded.${variant}.${chapter}.${name})
    set(labels "graded;${variant};${chapter}")
    if(ARG_CUDA)
      list(APPEND labels cuda)
    endif()
    if(variant STREQUAL "solutions" AND NOT EXISTS ${impl})
      continue()  # a student copy without the solutions: nothing to check here
    endif()
    if(ext STREQUAL "cu" AND NOT DL_WITH_CUDA)
      # A kernel exercise needs nvcc: reported as skipped (exit 77), like a GPU test here.
      add_test(NAME ${test} COMMAND sh -c
               "echo '${chapter}.${name} is a CUDA kernel: this build has no CUDA (nvcc not found); skipped'; exit 77")
      set_tests_properties(${test} PROPERTIES LABELS "${labels}" SKIP_RETURN_CODE 77)
      continue()
    endif()
    if(NOT EXISTS ${impl})
      # A submission without the file: the exercise fails with a message, the rest still grade.
      add_test(NAME ${test} COMMAND ${CMAKE_COMMAND} -E echo
               "missing file: ${chapter}/${name}.cpp was not found in ${dir}")
      set_tests_properties(${test} PROPERTIES WILL_FAIL TRUE LABELS "${labels}")
      continue()
    endif()
    add_executable(${target} ${test_src} ${impl} ${others})
    target_link_libraries(${target} PRIVATE dl_test_main dl_common dl_flags)
    target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/exercises/include
                                                 ${CMAKE_SOURCE_DIR}/tests)
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                               ${CMAKE_BINARY_DIR}/graded/bin)
    add_dependencies(graded ${target})
    if(variant STREQUAL "stubs")
      # The stub must fail: GoogleTest's exit status 1 with a failed test, never a crash, a
      # hang, or a filter that ran nothing. (A GPU exercise may skip on a machine without one.)
      set(ok 1)
      if(ARG_CUDA)
        set(ok "1|77")
      endif()
      add_test(NAME ${test}
               COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:${target}>" "-DEXIT=${ok}"
                       "-DMATCH=\\[  FAILED  \\]|\\[  SKIPPED \\]" "-DNOMATCH=Running 0 tests"
                       -P ${CMAKE_SOURCE_DIR}/cmake/run_cli_test.cmake)
      set_tests_properties(${test} PROPERTIES LABELS "${labels}" TIMEOUT 120)
    else()
      add_test(NAME ${test} COMMAND ${target})
      set_tests_properties(${test} PROPERTIES LABELS "${labels}" TIMEOUT 120
                           SKIP_RETURN_CODE 77 FAIL_REGULAR_EXPRESSION "Running 0 tests")
    endif()
  endforeach()
endfunction()
