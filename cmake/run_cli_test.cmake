# Runs CMD (a ;-list), then checks its exit status equals EXIT and its output matches MATCH
# and does not match NOMATCH. Used by dl_add_cli_test().
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT 600)
set(all "${out}${err}")
string(REPLACE ";" " " shown "${CMD}")
if(NOT "${rc}" STREQUAL "${EXIT}")
  message(FATAL_ERROR "`${shown}` exited with ${rc}, expected ${EXIT}. Output:\n${all}")
endif()
if(MATCH AND NOT all MATCHES "${MATCH}")
  message(FATAL_ERROR "`${shown}`: output does not match '${MATCH}'. Output:\n${all}")
endif()
if(NOMATCH AND all MATCHES "${NOMATCH}")
  message(FATAL_ERROR "`${shown}`: output matches '${NOMATCH}' and must not. Output:\n${all}")
endif()
message(STATUS "ok: `${shown}` exited ${rc}")
