# GCC 12.2 (Debian 12) with AVX-512 enabled miscompiles some 32/64-byte integer constants: a copy of
# std::vector<std::int64_t>{2, 2, 2, 0} is stored as a broadcast of 2 (ix86_convert_const_wide_int_to_broadcast
# takes the trailing zero word, which the wide-int constant does not store, for a repeat). That is a silent wrong
# result anywhere in the code, so with -march=native the configure step runs cmake/avx512_codegen_check.cpp:
#   - right as it is (newer GCC, clang, no AVX-512): nothing to add;
#   - right with -mtune-ctrl=^inter_unit_moves_to_vec (the broadcast needs a GPR -> vector move, and GCC skips
#     the rewrite without one): add that, keeping AVX-512 for the kernels;
#   - else: -mno-avx512f, the AVX2 kernels.
# Sets out_var to the flags to add after -march=native.
function(vgae_check_avx512_codegen out_var)
  if(NOT DEFINED VGAE_AVX512_WORKAROUND)
    set(found NOTFOUND)
    foreach(candidate "" "-mtune-ctrl=^inter_unit_moves_to_vec" "-mno-avx512f")
      separate_arguments(extra UNIX_COMMAND "${candidate}")
      try_run(run_result compile_ok ${CMAKE_BINARY_DIR}/avx512_codegen_check
              ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/avx512_codegen_check.cpp
              COMPILE_DEFINITIONS -O2 -march=native ${extra} CXX_STANDARD 20)
      if(compile_ok AND run_result EQUAL 0)
        set(found "${candidate}")
        break()
      endif()
    endforeach()
    if(found STREQUAL "NOTFOUND")
      message(FATAL_ERROR "cmake/avx512_codegen_check.cpp fails with -march=native even with -mno-avx512f: "
                          "configure with -DVGAE_NATIVE=OFF")
    endif()
    set(VGAE_AVX512_WORKAROUND "${found}" CACHE INTERNAL "")
    if(found)
      message(STATUS "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION} miscompiles wide integer constants "
                     "with AVX-512 (cmake/avx512_codegen_check.cpp): adding ${found}")
    endif()
  endif()
  separate_arguments(flags UNIX_COMMAND "${VGAE_AVX512_WORKAROUND}")
  set(${out_var} ${flags} PARENT_SCOPE)
endfunction()
