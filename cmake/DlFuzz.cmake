# Fuzzing with libFuzzer (clang) under AddressSanitizer and UndefinedBehaviorSanitizer.
#
# Configured with -DDL_FUZZ=ON and clang as the C++ compiler (`./course fuzz` does both, in
# build-fuzz/). Every course target is then compiled with coverage instrumentation and the two
# sanitizers (-fsanitize=fuzzer-no-link,address,undefined), CUDA is left out, and
#
#   dl_add_fuzz_target(<name> SOURCES <files...> [LIBS <targets...>])
#
# builds bin/fuzz_<name>, a libFuzzer program whose seed corpus is fuzz/corpus/<name>/. The
# custom target `fuzz` builds them all. See fuzz/README.md.
include_guard(GLOBAL)

if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "DL_FUZZ=ON needs clang as the C++ compiler (libFuzzer), got "
                      "${CMAKE_CXX_COMPILER_ID}: configure with -DCMAKE_CXX_COMPILER=clang++ "
                      "(./course fuzz does)")
endif()
target_compile_options(dl_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                       -fno-sanitize-recover=undefined -fno-omit-frame-pointer -gline-tables-only)
target_link_options(dl_flags INTERFACE -fsanitize=address,undefined)

add_custom_target(fuzz)

function(dl_add_fuzz_target name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(fuzz_${name} ${ARG_SOURCES})
  target_include_directories(fuzz_${name} PRIVATE ${CMAKE_SOURCE_DIR}/fuzz)
  target_link_libraries(fuzz_${name} PRIVATE dl_common ${ARG_LIBS} dl_flags)
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  add_dependencies(fuzz fuzz_${name})
endfunction()
