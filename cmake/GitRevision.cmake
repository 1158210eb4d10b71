# Run at every build (apps/CMakeLists.txt): writes OUT, a header defining VGAE_GIT_REVISION as the checkout's short
# revision, with "-dirty" when tracked files differ from it, or "unknown" outside a checkout. OUT is rewritten only
# when that text changes, so an unchanged revision recompiles nothing.
execute_process(COMMAND git rev-parse --short HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE result)
if(NOT result EQUAL 0 OR revision STREQUAL "")
  set(revision "unknown")
else()
  execute_process(COMMAND git diff --quiet HEAD -- WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE dirty ERROR_QUIET)
  if(NOT dirty EQUAL 0)
    string(APPEND revision "-dirty")
  endif()
endif()
set(text "// Written by cmake/GitRevision.cmake at build time; not in the source tree.\n#define VGAE_GIT_REVISION \"${revision}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
