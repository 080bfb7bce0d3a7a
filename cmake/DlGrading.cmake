# Graded exercises: every exercise's GoogleTest file is built against an implementation folder
# and registered with CTest, one entry per exercise; each TEST in it is a check worth points.
#
# What a chapter adds (chapters 5-9 as 1-4; nothing in cmake/ or in the `course` script changes,
# exercises/CMakeLists.txt picks up every exercises/graded/chNN/exercises.cmake):
#
#   exercises/include/exercises/chNN.hpp    the declarations. Each doc comment gives the idea:
#                                           the formula, the shapes, the kernel family; no steps.
#   exercises/chNN/<name>.cpp               the stub: between `// TODO(student): begin` and
#                                           `// TODO(student): end` it throws
#                                           dl::NotImplemented("chNN.<name>"). Its first comment
#                                           says `./course grade chNN.<name>` and
#                                           `./course hint chNN.<name>`.
#   solutions/chNN/<name>.cpp               the reference implementation.
#   exercises/graded/chNN/<name>_test.cpp   one TEST(Graded, <Check>) per check (GradedCuda, and
#                                           DL_REQUIRE_CUDA(), for a check that needs a GPU).
#                                           Stream a hint onto each assertion a typical mistake
#                                           trips: EXPECT_NEAR(...) << GRADED_HINT("did you divide
#                                           by m?"). Check input validation with
#                                           GRADED_EXPECT_INPUT_ERROR (exercises/graded/graded.hpp):
#                                           a stub's NotImplemented must not earn the point.
#   exercises/graded/chNN/hints.md          one `## chNN.<name>` section per exercise: the
#                                           step-by-step help that `./course hint chNN.<name>`
#                                           prints (the second level, after the header's idea).
#   exercises/graded/chNN/exercises.cmake   one line per exercise:
#       dl_graded_exercise(chNN <name> TITLE "<title>" CHECKS <Check> <points> [<Check> <points>...]
#                          [CUDA])
#                                           every TEST of <name>_test.cpp listed once with its
#                                           points (a whole number >= 1); the exercise is worth
#                                           their sum, and a student earns the points of each
#                                           check that passes. CUDA: the checks need a GPU.
#
# Configuring stops with a message naming the file and what is missing when a test, a check, a
# stub or a hint section does not match. `./course test` then checks that the solution passes
# every check and that the stub fails every check (cleanly: no crash, no hang).
#
# Variants (DL_GRADING selects them):
#   normal build (./course test):  solutions  -> every check must pass;
#                                  stubs      -> every check must fail (a check that passes on a
#                                                stub gives points for nothing).
#   grading build (./course grade, -DDL_GRADING=ON -DDL_EXERCISES_DIR=<folder>):
#                                  mine       -> the student's folder, scored by exercises/grade.py.
#
# Each exercise's test program links that exercise's file from the variant's folder, and an
# archive of the chapter's other exercises: their reference solutions, or, where solutions/chNN
# lacks one (a student copy), the variant's file. So one unfinished exercise never costs another
# its points. In the grading build every student file is compiled through
# cmake/compile_exercise.py: a file that does not compile is replaced by its stub (the code between
# the TODO markers becomes a NotImplemented throw), its compiler errors go to
# graded/compile/chNN.<name>.log, and it fails its own exercise only.
#
# The graded code is built with Eigen's own checks on (a product or an assignment whose sizes do
# not fit throws, see exercises/graded/graded_checks.hpp), with matrices initialised to NaN (a
# value never written shows), and, in the grading build, with AddressSanitizer (DL_GRADING_ASAN:
# a write past a buffer stops the check with a report naming the line).
include_guard(GLOBAL)
include(${CMAKE_CURRENT_LIST_DIR}/DlChapter.cmake)

option(DL_GRADING "Build only the graded tests, against DL_EXERCISES_DIR (used by ./course grade)"
       OFF)
option(DL_GRADING_ASAN "Grading build: build the graded code with AddressSanitizer" ON)
set(DL_GRADED_ROOT ${CMAKE_SOURCE_DIR}/exercises/graded)
set(DL_GRADED_MANIFEST ${CMAKE_BINARY_DIR}/graded/manifest.tsv)
set(DL_GRADED_COMPILE_DIR ${CMAKE_BINARY_DIR}/graded/compile)
find_program(DL_GRADING_PYTHON NAMES python3 HINTS /usr/bin REQUIRED)

if(DL_GRADING)
  set(DL_GRADED_VARIANTS mine)
else()
  set(DL_GRADED_VARIANTS solutions stubs)
endif()

if(NOT TARGET graded)
  add_custom_target(graded)
endif()

# The flags of every graded file (tests and exercises); see the comment at the top.
add_library(dl_graded_flags INTERFACE)
target_compile_options(dl_graded_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-UNDEBUG -include ${DL_GRADED_ROOT}/graded_checks.hpp>)
target_compile_definitions(dl_graded_flags INTERFACE EIGEN_INITIALIZE_MATRICES_BY_NAN)
target_include_directories(dl_graded_flags INTERFACE ${CMAKE_SOURCE_DIR}/exercises/include
                                                     ${DL_GRADED_ROOT} ${CMAKE_SOURCE_DIR}/tests)
set(DL_GRADED_ENVIRONMENT)
if(DL_GRADING AND DL_GRADING_ASAN AND NOT DL_SANITIZE)
  # -g1: line tables, so that a report names the student's file and line.
  target_compile_options(dl_graded_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address -fno-omit-frame-pointer -g1>)
  target_link_options(dl_graded_flags INTERFACE -fsanitize=address)
  target_compile_definitions(dl_graded_flags INTERFACE DL_GRADED_FENCE_TENSORS)
  # protect_shadow_gap=0: the CUDA runtime maps memory where ASan would otherwise reserve it.
  set(DL_GRADED_ENVIRONMENT
      "ASAN_OPTIONS=detect_leaks=0:protect_shadow_gap=0:print_summary=1:color=never")
endif()

# The main() of the graded test programs (stdout unbuffered: a crash keeps the earlier checks).
add_library(dl_graded_main STATIC ${DL_GRADED_ROOT}/graded_main.cpp)
target_link_libraries(dl_graded_main PUBLIC GTest::gtest dl_common dl_flags dl_graded_flags)

# dl_graded_variant_dir(<variant> <out-var>): the folder holding that variant's chNN/ folders.
function(dl_graded_variant_dir variant out)
  if(variant STREQUAL "solutions")
    set(${out} ${DL_SOLUTIONS_DIR} PARENT_SCOPE)
  elseif(variant STREQUAL "stubs")
    set(${out} ${CMAKE_SOURCE_DIR}/exercises PARENT_SCOPE)
  else()
    set(${out} ${DL_EXERCISES_DIR} PARENT_SCOPE)
  endif()
endfunction()

# dl_graded_ext(<chNN> <file> <out-var>): cu for a GPU kernel exercise (exercises/chNN/<file>.cu
# exists, chapter 9), else cpp. A .cu exercise is built only with CUDA; without it its test is
# registered as skipped, naming the reason.
function(dl_graded_ext chapter file out)
  if(EXISTS ${CMAKE_SOURCE_DIR}/exercises/${chapter}/${file}.cu)
    set(${out} cu PARENT_SCOPE)
  else()
    set(${out} cpp PARENT_SCOPE)
  endif()
endfunction()

# dl_graded_object(<variant> <chNN> <file> <out-var>): the object library of one exercise file of
# a variant's folder (made once). In the grading build a student's file goes through
# compile_exercise.py, so that it always yields an object (its stub when it does not compile).
function(dl_graded_object variant chapter file out)
  set(target graded_${variant}_${chapter}_${file}_o)
  if(NOT TARGET ${target})
    dl_graded_variant_dir(${variant} dir)
    dl_graded_ext(${chapter} ${file} ext)
    set(src ${dir}/${chapter}/${file}.${ext})
    add_library(${target} OBJECT ${src})
    target_link_libraries(${target} PRIVATE dl_common dl_flags dl_graded_flags)
    if(DL_GRADING AND NOT variant STREQUAL "solutions")
      set(launcher ${DL_GRADING_PYTHON} ${CMAKE_SOURCE_DIR}/cmake/compile_exercise.py
                   --exercise ${chapter}.${file} --source ${src} --log-dir ${DL_GRADED_COMPILE_DIR}
                   --)
      if(CMAKE_CXX_COMPILER_LAUNCHER)
        list(APPEND launcher ${CMAKE_CXX_COMPILER_LAUNCHER})
      endif()
      set_target_properties(${target} PROPERTIES CXX_COMPILER_LAUNCHER "${launcher}")
    endif()
  endif()
  set(${out} ${target} PARENT_SCOPE)
endfunction()

# dl_graded_checks(<test-source> <out-var>): the names of the TEST(Graded|GradedCuda, Name) in it.
function(dl_graded_checks src out)
  file(READ ${src} text)
  string(REGEX MATCHALL "TEST[ \t]*\\([ \t\r\n]*Graded(Cuda)?[ \t\r\n]*,[ \t\r\n]*[A-Za-z0-9_]+"
         found "${text}")
  set(names)
  foreach(f IN LISTS found)
    string(REGEX REPLACE ".*,[ \t\r\n]*" "" n "${f}")
    list(APPEND names ${n})
  endforeach()
  set(${out} ${names} PARENT_SCOPE)
endfunction()

# dl_graded_exercise(<chNN> <name> TITLE <text> CHECKS <Check> <points>... [CUDA])
function(dl_graded_exercise chapter name)
  cmake_parse_arguments(ARG "CUDA" "POINTS;TITLE" "CHECKS" ${ARGN})
  set(dir ${DL_GRADED_ROOT}/${chapter})
  set(where "exercises/graded/${chapter}/exercises.cmake: dl_graded_exercise(${chapter} ${name})")
  if(DEFINED ARG_POINTS)
    message(FATAL_ERROR "${where}: POINTS is replaced by CHECKS <Check> <points> ...; the "
                        "exercise is worth the sum of its checks' points")
  endif()
  if(NOT ARG_TITLE)
    message(FATAL_ERROR "${where}: needs TITLE \"<what the exercise computes>\"")
  endif()
  set(test_src ${dir}/${name}_test.cpp)
  dl_graded_ext(${chapter} ${name} ext)
  set(stub ${CMAKE_SOURCE_DIR}/exercises/${chapter}/${name}.${ext})
  foreach(required ${test_src} ${stub} ${dir}/hints.md)
    if(NOT EXISTS ${required})
      message(FATAL_ERROR "${where}: missing ${required}")
    endif()
  endforeach()

  # The checks and their points: every TEST of the file, each listed once.
  list(LENGTH ARG_CHECKS n)
  math(EXPR odd "${n} % 2")
  if(n EQUAL 0 OR odd)
    message(FATAL_ERROR "${where}: needs CHECKS <Check> <points> [<Check> <points> ...]")
  endif()
  dl_graded_checks(${test_src} tests)
  set(listed)
  set(checks_text)
  set(total 0)
  math(EXPR last "${n} - 1")
  foreach(i RANGE 0 ${last} 2)
    math(EXPR j "${i} + 1")
    list(GET ARG_CHECKS ${i} check)
    list(GET ARG_CHECKS ${j} points)
    if(NOT points MATCHES "^[1-9][0-9]*$")
      message(FATAL_ERROR "${where}: the points of check ${check} must be a whole number >= 1, "
                          "got '${points}'")
    endif()
    if(NOT check IN_LIST tests)
      message(FATAL_ERROR "${where}: check ${check} is not a TEST(Graded, ${check}) of "
                          "${name}_test.cpp (its tests: ${tests})")
    endif()
    if(check IN_LIST listed)
      message(FATAL_ERROR "${where}: check ${check} is listed twice")
    endif()
    list(APPEND listed ${check})
    list(APPEND checks_text "${check}:${points}")
    math(EXPR total "${total} + ${points}")
  endforeach()
  foreach(t IN LISTS tests)
    if(NOT t IN_LIST listed)
      message(FATAL_ERROR "${where}: TEST(Graded, ${t}) of ${name}_test.cpp has no points: add "
                          "`${t} <points>` to CHECKS")
    endif()
  endforeach()

  # The second-level hint.
  file(READ ${dir}/hints.md hints)
  if(NOT hints MATCHES "(^|\n)## ${chapter}\\.${name}[ \t]*\n")
    message(FATAL_ERROR "${where}: exercises/graded/${chapter}/hints.md has no section "
                        "`## ${chapter}.${name}` (the steps that `./course hint "
                        "${chapter}.${name}` prints)")
  endif()

  list(JOIN checks_text "," checks_text)
  set(cuda 0)
  if(ARG_CUDA)
    set(cuda 1)
  endif()
  file(APPEND ${DL_GRADED_MANIFEST}
       "${chapter}\t${name}\t${total}\t${ARG_TITLE}\t${checks_text}\t${cuda}\n")

  # The chapter's exercise files (the stubs name them).
  set(patterns ${CMAKE_SOURCE_DIR}/exercises/${chapter}/*.cpp)
  if(DL_WITH_CUDA)
    list(APPEND patterns ${CMAKE_SOURCE_DIR}/exercises/${chapter}/*.cu)
  endif()
  file(GLOB stubs CONFIGURE_DEPENDS ${patterns})
  set(files)
  foreach(s IN LISTS stubs)
    get_filename_component(f ${s} NAME_WE)
    list(APPEND files ${f})
  endforeach()
  if(NOT TARGET graded_${chapter})
    add_custom_target(graded_${chapter})
    add_dependencies(graded graded_${chapter})
  endif()

  foreach(variant IN LISTS DL_GRADED_VARIANTS)
    dl_graded_variant_dir(${variant} vdir)
    set(impl ${vdir}/${chapter}/${name}.${ext})
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
               "missing file: ${chapter}/${name}.${ext} was not found in ${vdir}")
      set_tests_properties(${test} PROPERTIES WILL_FAIL TRUE LABELS "${labels}")
      continue()
    endif()

    dl_graded_object(${variant} ${chapter} ${name} own)
    set(others)
    foreach(f IN LISTS files)
      if(f STREQUAL name)
        continue()
      endif()
      dl_graded_ext(${chapter} ${f} fext)
      if(EXISTS ${DL_SOLUTIONS_DIR}/${chapter}/${f}.${fext})
        dl_graded_object(solutions ${chapter} ${f} obj)
      elseif(EXISTS ${vdir}/${chapter}/${f}.${fext})
        dl_graded_object(${variant} ${chapter} ${f} obj)
      else()
        dl_graded_object(stubs ${chapter} ${f} obj)
      endif()
      list(APPEND others $<TARGET_OBJECTS:${obj}>)
    endforeach()

    add_executable(${target} ${test_src} $<TARGET_OBJECTS:${own}>)
    if(others)
      # An archive: the linker takes only the other exercises this one calls.
      add_library(${target}_others STATIC ${others})
      set_target_properties(${target}_others PROPERTIES LINKER_LANGUAGE CXX
                            ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/graded/lib)
      target_link_libraries(${target} PRIVATE ${target}_others)
    endif()
    target_link_libraries(${target} PRIVATE dl_graded_main dl_common dl_flags dl_graded_flags)
    target_include_directories(${target} PRIVATE ${dir})
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                               ${CMAKE_BINARY_DIR}/graded/bin)
    add_dependencies(graded_${chapter} ${target})

    if(variant STREQUAL "stubs")
      # The stub must fail every check: GoogleTest's exit status 1, no check passed, never a
      # crash, a hang, or a filter that ran nothing. (A GPU exercise may skip without a GPU.)
      set(ok 1)
      if(ARG_CUDA)
        set(ok "1|77")
      endif()
      add_test(NAME ${test}
               COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:${target}>" "-DEXIT=${ok}"
                       "-DMATCH=\\[  FAILED  \\]|\\[  SKIPPED \\]"
                       "-DNOMATCH=Running 0 tests|\\[       OK \\]"
                       -P ${CMAKE_SOURCE_DIR}/cmake/run_cli_test.cmake)
      set_tests_properties(${test} PROPERTIES LABELS "${labels}" TIMEOUT 120)
    else()
      add_test(NAME ${test} COMMAND ${target})
      set_tests_properties(${test} PROPERTIES LABELS "${labels}" TIMEOUT 120
                           SKIP_RETURN_CODE 77 FAIL_REGULAR_EXPRESSION "Running 0 tests")
      if(DL_GRADED_ENVIRONMENT)
        set_tests_properties(${test} PROPERTIES ENVIRONMENT "${DL_GRADED_ENVIRONMENT}")
      endif()
    endif()
  endforeach()
endfunction()
