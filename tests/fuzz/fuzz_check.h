// What every fuzz target shares: FUZZ_CHECK, which aborts (a libFuzzer finding) when a parser returns a
// result that breaks its documented invariants. Inputs the parser rejects must end in IoError; any other
// exception escapes LLVMFuzzerTestOneInput, terminates the process and is reported as a crash too.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                      \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__);  \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)
