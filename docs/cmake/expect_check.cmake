# Runs the site checker (CMD, a |-separated command line) and requires exit status EXIT and an
# output matching MATCH: the checker's own tests on the pages broken on purpose.
cmake_minimum_required(VERSION 3.24)
string(REPLACE "|" ";" cmd "${CMD}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT 300)
set(all "${out}${err}")
if(NOT "${rc}" STREQUAL "${EXIT}")
  message(FATAL_ERROR "the checker exited with ${rc}, expected ${EXIT}. Output:\n${all}")
endif()
if(NOT all MATCHES "${MATCH}")
  message(FATAL_ERROR "the checker's output does not match '${MATCH}'. Output:\n${all}")
endif()
message(STATUS "ok: exit ${rc}, output matches '${MATCH}':\n${all}")
