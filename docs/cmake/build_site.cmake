# The docs target's main step (run by docs/CMakeLists.txt with DOXYGEN, PYTHON, DOCS_DIR,
# SOURCE_DIR, MATHJAX_DIR):
#  1. makes the generated pages in <DOCS_DIR>/pages: the kernel table from
#     common/kernels/README.md (scripts/kernel_table.py), and a placeholder for instructors.md
#     or benchmarks.md while docs/pages does not have that page;
#  2. runs Doxygen with warnings as errors and prints every warning;
#  3. copies MathJax 2 next to the pages (MATHJAX_RELPATH = mathjax).
include(${CMAKE_CURRENT_LIST_DIR}/copy_mathjax.cmake)
string(TIMESTAMP t0 "%s")

# --- 1. Generated pages ---------------------------------------------------------------------
set(gen ${DOCS_DIR}/pages)
file(REMOVE_RECURSE ${gen})
file(MAKE_DIRECTORY ${gen} ${DOCS_DIR}/images ${DOCS_DIR}/output)

execute_process(COMMAND ${PYTHON} ${SOURCE_DIR}/docs/scripts/kernel_table.py ${SOURCE_DIR}
                        ${gen}/kernels.md
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "docs: could not make the kernel table from common/kernels/README.md")
endif()

foreach(page instructors benchmarks)
  if(NOT EXISTS ${SOURCE_DIR}/docs/pages/${page}.md)
    if(page STREQUAL "instructors")
      set(title "For instructors")
    else()
      set(title "Benchmarks")
    endif()
    file(WRITE ${gen}/${page}.md "# ${title} {#${page}}\n\nThis page is being written.\n")
  endif()
endforeach()

# --- 2. Doxygen -----------------------------------------------------------------------------
# Start from an empty html folder (a page removed from the sources must not linger), keeping
# the MathJax copy, which does not change between builds.
set(html ${DOCS_DIR}/html)
file(GLOB stale LIST_DIRECTORIES true ${html}/*)
list(FILTER stale EXCLUDE REGEX "/mathjax$")
if(stale)
  file(REMOVE_RECURSE ${stale})
endif()
file(REMOVE ${DOCS_DIR}/doxygen-warnings.log)
execute_process(COMMAND ${DOXYGEN} ${DOCS_DIR}/Doxyfile WORKING_DIRECTORY ${DOCS_DIR}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(warnings "")
if(EXISTS ${DOCS_DIR}/doxygen-warnings.log)
  file(READ ${DOCS_DIR}/doxygen-warnings.log warnings)
endif()
string(REGEX MATCHALL "(^|\n)[^\n]*: (warning|error): " found "${warnings}")
list(LENGTH found count)
if(NOT rc EQUAL 0 OR count GREATER 0)
  message(FATAL_ERROR "docs: Doxygen reported ${count} warning(s) (warnings are errors), "
                      "exit ${rc}:\n${warnings}\n${out}\n${err}")
endif()

# --- 3. MathJax -----------------------------------------------------------------------------
dl_copy_mathjax(${MATHJAX_DIR} ${html}/mathjax)

string(TIMESTAMP t1 "%s")
math(EXPR secs "${t1} - ${t0}")
message(STATUS "docs: 0 Doxygen warnings; site built in about ${secs} s: ${html}/index.html")
