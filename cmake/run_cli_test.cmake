# Runs CMD (a ;-list), then checks its exit status is EXIT (or one of EXIT's |-separated codes)
# and its output (stdout and stderr together) matches MATCH and does not match NOMATCH.
# MATCH_ON_1, when given, must match when the program exited with 1.
# Used by dl_add_cli_test() and dl_add_device_cli_test().
cmake_policy(SET CMP0057 NEW)
string(REPLACE "\\;" ";" CMD "${CMD}")
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT 600)
set(all "${out}${err}")
string(REPLACE ";" " " shown "${CMD}")
string(REPLACE "|" ";" allowed "${EXIT}")
if(NOT "${rc}" IN_LIST allowed)
  message(FATAL_ERROR "`${shown}` exited with ${rc}, expected ${EXIT}. Output:\n${all}")
endif()
if(MATCH AND NOT all MATCHES "${MATCH}")
  message(FATAL_ERROR "`${shown}`: output does not match '${MATCH}'. Output:\n${all}")
endif()
if(NOMATCH AND all MATCHES "${NOMATCH}")
  message(FATAL_ERROR "`${shown}`: output matches '${NOMATCH}' and must not. Output:\n${all}")
endif()
if(MATCH_ON_1 AND "${rc}" STREQUAL "1" AND NOT all MATCHES "${MATCH_ON_1}")
  message(FATAL_ERROR "`${shown}` exited 1 without saying '${MATCH_ON_1}'. Output:\n${all}")
endif()
message(STATUS "ok: `${shown}` exited ${rc}")
