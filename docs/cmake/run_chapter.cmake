# Runs one chapter program for the course notes, as the docs target's first step:
#   <PROGRAM> --quick --out <DOCS_DIR>/figures/<CHAPTER>
# Its standard output becomes <DOCS_DIR>/output/<CHAPTER>.txt (the chapter page shows it with
# \verbinclude), with the figure folder written as `figures/<CHAPTER>` (the program's default)
# so the page shows what a student sees. Its figures are copied into the one image folder
# <DOCS_DIR>/images, named <CHAPTER>_<name> (kept as is when the name already starts that way),
# so that two chapters may both write e.g. cost.svg. A failing program fails the docs build.
set(figures ${DOCS_DIR}/figures/${CHAPTER})
set(images ${DOCS_DIR}/images)
file(REMOVE_RECURSE ${figures})
file(MAKE_DIRECTORY ${figures} ${images} ${DOCS_DIR}/output)

string(TIMESTAMP t0 "%s")
execute_process(COMMAND ${PROGRAM} --quick --out ${figures}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 600)
string(TIMESTAMP t1 "%s")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "docs: `${PROGRAM} --quick --out ${figures}` failed (${rc}):\n${out}\n${err}")
endif()

string(REPLACE "${figures}" "figures/${CHAPTER}" out "${out}")
string(REPLACE "${DOCS_DIR}" "build/docs" out "${out}")
string(ASCII 27 esc)
string(REGEX REPLACE "${esc}\\[[0-9;]*[A-Za-z]" "" out "${out}")
file(WRITE ${DOCS_DIR}/output/${CHAPTER}.txt.tmp "${out}")
file(RENAME ${DOCS_DIR}/output/${CHAPTER}.txt.tmp ${DOCS_DIR}/output/${CHAPTER}.txt)

file(GLOB old ${images}/${CHAPTER}_*)
if(old)
  file(REMOVE ${old})
endif()
file(GLOB_RECURSE made RELATIVE ${figures} ${figures}/*)
set(copied)
foreach(rel IN LISTS made)
  string(REPLACE "/" "_" flat "${rel}")
  if(NOT flat MATCHES "^${CHAPTER}_")
    set(flat "${CHAPTER}_${flat}")
  endif()
  configure_file(${figures}/${rel} ${images}/${flat} COPYONLY)
  list(APPEND copied ${flat})
endforeach()
math(EXPR secs "${t1} - ${t0}")
list(LENGTH copied n)
message(STATUS "docs: ${CHAPTER} ran in about ${secs} s; ${n} figure(s): ${copied}")
