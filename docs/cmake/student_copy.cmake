# Test docs_student_copy: the course notes build in a copy of the course without solutions/.
#
# Configures BUILD, a second build folder of SOURCE whose DL_SOLUTIONS_DIR does not exist (so the
# chapter programs link the stubs, as in a student copy), builds its docs target, and checks
# that each chapter page shows the note that stands in for the program's output. No chapter
# program is compiled or run: only Doxygen works.
file(REMOVE_RECURSE ${BUILD}/docs/output)
set(args -S ${SOURCE} -B ${BUILD} -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release -DDL_CUDA=OFF
         -DDL_SOLUTIONS_DIR=${BUILD}/no-solutions)
execute_process(COMMAND ${CMAKE_COMMAND} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring ${BUILD} failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD} --target docs RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the docs of a copy without solutions/ do not build (${rc}):\n${out}\n${err}")
endif()
file(GLOB pages ${SOURCE}/docs/pages/ch[0-9][0-9]_*.md)
set(n 0)
foreach(page IN LISTS pages)
  get_filename_component(name ${page} NAME_WE)        # ch01_perceptron
  string(SUBSTRING ${name} 0 4 chapter)
  if(NOT EXISTS ${SOURCE}/chapters/${name}/CMakeLists.txt)
    continue()
  endif()
  file(READ ${BUILD}/docs/output/${chapter}.txt note)
  if(NOT note MATCHES "Not shown: this copy of the course has no reference solutions")
    message(FATAL_ERROR "${chapter}: the notes show a run of the stubs:\n${note}")
  endif()
  file(READ ${BUILD}/docs/html/${name}.html html)
  if(NOT html MATCHES "Not shown: this copy of the course")
    message(FATAL_ERROR "${BUILD}/docs/html/${name}.html lacks the note on the missing output")
  endif()
  math(EXPR n "${n} + 1")
endforeach()
message(STATUS "ok: the notes of a copy without solutions/ build; ${n} chapter page(s) carry the note")
