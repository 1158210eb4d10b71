# vgae_add_mpi_test(NAME <name> TARGET <exe> RANKS <n...> [ARGS ...])
# Registers one ctest entry per rank count: NAME.1rank, NAME.2ranks, ... Counts above the core count run
# oversubscribed. The root-allowing variables are set so the suite runs in root containers and CI.
function(vgae_add_mpi_test)
  cmake_parse_arguments(T "" "NAME;TARGET;TIMEOUT" "RANKS;ARGS;LABELS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  foreach(n IN LISTS T_RANKS)
    if(n EQUAL 1)
      set(suffix "1rank")
    else()
      set(suffix "${n}ranks")
    endif()
    add_test(NAME ${T_NAME}.${suffix}
             COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${n} --oversubscribe
                     $<TARGET_FILE:${T_TARGET}> ${T_ARGS})
    set_tests_properties(${T_NAME}.${suffix} PROPERTIES
      TIMEOUT ${T_TIMEOUT} PROCESSORS ${n} LABELS "mpi;${T_LABELS}"
      ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_rmaps_base_oversubscribe=1")
  endforeach()
endfunction()
